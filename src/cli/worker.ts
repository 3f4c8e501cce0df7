import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { configuredEndpoints, verifyCredentials } from '../accounts/verify.js';
import { connectAccount } from '../accounts/connect.js';
import { AccountError, addAccount, parseCredentials, PLATFORMS, rotateAccountToken, setAccountDryRun, setAccountStatus } from '../accounts/service.js';
import { listReviews, resolveReview } from '../moderation/review.js';
import { Vault } from '../secrets/index.js';
import { choiceArgument, choiceOption, intArg } from './args.js';
import { CliError, type CliContext } from './context.js';
import { untilSignal, webAddress } from './web.js';
import { loadHarness, type Harness } from './harness.js';

type SampleComment = Harness['SAMPLE_COMMENTS'][number];

function readSecretInput(opts: { tokenFile?: string; tokenStdin?: boolean }): string {
  try {
    if (opts.tokenFile) return readFileSync(opts.tokenFile, 'utf8');
    if (opts.tokenStdin) return readFileSync(0, 'utf8');
  } catch (e) {
    // Not the path: a token pasted where the file name goes would otherwise be echoed.
    throw new CliError(`Kimlik bilgisi okunamadı (${(e as NodeJS.ErrnoException).code ?? 'hata'}).`, 2);
  }
  throw new CliError('Kimlik bilgisi gerekli: --token-file DOSYA ya da --token-stdin (komut satırında anahtar yazılmaz).', 2);
}

/**
 * The worker's commands. Their implementations (platform SDKs, emulator, runtime) are imported when a
 * command runs, so that other commands start fast.
 */
export function registerWorkerCommands(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('üretim çalışanı: hesapları izler, yorumları denetler, postaları gönderir (SIGTERM/SIGINT ile düzgün kapanır)')
    .option('--web', 'web konsolunu da aynı süreçte çalıştır')
    .option('--host <adres>', 'web konsolunun adresi (web.host)')
    .option('--port <port>', 'web konsolunun portu (web.port)')
    .action(async (o: { web?: boolean; host?: string; port?: string }) => {
      const config = ctx.config();
      const log = ctx.logger();
      const addr = o.web ? webAddress(config, o) : undefined;
      const db = await ctx.db();
      const { createRuntime } = await import('../worker/runtime.js');
      const runtime = await createRuntime(config, log, db);
      runtime.start();
      const closers: Array<() => Promise<void>> = [];
      if (config.health.port) {
        const { startHealthServer } = await import('../web/health.js');
        const server = await startHealthServer({ host: config.health.host, port: config.health.port, prisma: db.prisma, provider: db.provider });
        closers.push(() => new Promise<void>((r) => server.close(() => r())));
        log.info({ port: config.health.port }, 'sağlık uçları: /healthz, /readyz');
      }
      if (addr) {
        const { startWeb } = await import('../web/serve.js');
        const web = await startWeb({ db, config, logger: log }, addr);
        closers.push(() => web.close());
        log.info({ url: web.url }, 'web konsolu çalışıyor');
      }
      log.info({ workerId: config.workerId, db: config.dbProvider }, 'bekci çalışıyor');
      const signal = await untilSignal();
      log.info({ signal }, 'kapanıyor: süren işler bitiriliyor');
      for (const close of closers) await close().catch(() => undefined);
      await runtime.close().catch(() => undefined);
      log.info('bekci durdu');
    });

  program
    .command('emulator')
    .description('dört platformun yerel öykünücüsünü tek başına başlatır (geliştirme ve deneme için; SIGINT/SIGTERM ile durur)')
    .option('--port <n>', 'dinlenecek port (127.0.0.1)', '0')
    .option('--json', 'adres ve hesapları JSON olarak yaz')
    .action(async (opts: { port: string; json?: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port 0 ile 65535 arasında bir tam sayı olmalı: ${opts.port}`, 2);
      const { createEmulator } = await loadHarness();
      const emulator = createEmulator();
      const url = await emulator.start(port);
      // One account with a post on each platform, so that bekci can be pointed at it at once.
      const accounts = (['facebook', 'instagram', 'x', 'youtube'] as const).map((platform) => {
        const a = emulator.state.addAccount(platform, `universite-${platform}`);
        const post = emulator.state.addPost(platform, a.id, 'Yeni dönem duyurusu');
        return { platform, externalId: a.id, token: a.token, postId: post.id };
      });
      if (opts.json) ctx.out(JSON.stringify({ url, accounts }, null, 2));
      else {
        ctx.out(`Öykünücü çalışıyor: ${url}`);
        ctx.out(`bekci.yaml: platforms: { graphUrl: ${url}, xApiUrl: ${url}, youtubeRootUrl: ${url}/ }`);
        for (const a of accounts) ctx.out(`  ${a.platform.padEnd(9)} hesap ${a.externalId}  anahtar ${a.token}  gönderi ${a.postId}`);
      }
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      await emulator.close();
    });

  program
    .command('demo')
    .description('yerel öykünücü, SQLite ve varsayılan kurallarla uçtan uca gösterim')
    .option('--comments <file>', 'JSONL: {"platform","text","author"} satırları')
    .option('--duration <seconds>', 'en uzun süre', '45')
    .option('--json', 'JSON rapor')
    .option('--verbose', 'çalışanın günlüklerini de göster')
    .option('--web', 'gösterimden sonra web konsolunu gösterim veritabanıyla çalıştır (SIGTERM ile kapanır)')
    .option('--host <adres>', 'web konsolunun adresi', '127.0.0.1')
    .option('--port <port>', 'web konsolunun portu (web.port)')
    .action(async (opts: { comments?: string; duration: string; json?: boolean; verbose?: boolean; web?: boolean; host: string; port?: string }) => {
      const base = ctx.config();
      const addr = opts.web ? webAddress(base, opts) : undefined;
      const { runDemo, startDemoWeb, SAMPLE_COMMENTS } = await loadHarness();
      const comments: SampleComment[] = opts.comments ? readJsonl(opts.comments) : SAMPLE_COMMENTS;
      const logger = opts.verbose ? ctx.logger() : ctx.logger().child({}, { level: 'warn' });
      if (addr) {
        // The demo's world stays up while the console serves; the report is printed once it listens.
        await runDemo({
          base,
          logger,
          comments,
          durationSec: Number(opts.duration),
          dbUrl: 'file:./data/demo.db',
          keepServing: async (report, h) => {
            const { web, users } = await startDemoWeb({ db: h.db, config: h.config, logger, ...addr });
            const withWeb = { ...report, web: { url: web.url, users } };
            if (opts.json) ctx.out(JSON.stringify(withWeb, null, 2));
            else {
              ctx.out(`Bekçi gösterimi: ${report.comments.length} yorum, ${report.tickets.length} kayıt. Web konsolu: ${web.url}`);
              for (const u of users) ctx.out(`  ${u.username.padEnd(34)} ${u.password}  (${u.role}${u.unit ? `, ${u.unit}` : ''})`);
              ctx.out('Kapatmak için Ctrl+C.');
            }
            await untilSignal();
            await web.close();
          },
        });
        return;
      }
      const report = await runDemo({ base, logger, comments, durationSec: Number(opts.duration), dbUrl: 'file:./data/demo.db' });
      if (opts.json) {
        ctx.out(JSON.stringify(report, null, 2));
        return;
      }
      ctx.out(`Bekçi gösterimi: ${report.comments.length} yorum, ${report.seconds} sn\n`);
      for (const c of report.comments) {
        const mark = c.expected && (c.expected !== c.action || c.expectedState !== c.platformState) ? '  ✗ beklenen: ' + c.expected : '';
        const ticket = c.ticket ? `#${c.ticket.number} ${c.ticket.directorate}` : '-';
        const ticketWrong =
          c.expectedTicket !== undefined &&
          (typeof c.expectedTicket === 'boolean' ? (c.ticket !== null) !== c.expectedTicket : c.ticket?.directorate !== c.expectedTicket);
        const ticketMark = ticketWrong
          ? `  ✗ beklenen bilet: ${c.expectedTicket === false ? 'yok' : c.expectedTicket === true ? 'var' : c.expectedTicket}`
          : '';
        ctx.out(
          `[${c.platform.padEnd(9)}] ${c.action.padEnd(6)} → ${c.platformState.padEnd(8)} ${(c.categories.join(',') || '-').padEnd(24)} bilet ${ticket.padEnd(22)} ${c.text.slice(0, 60)}${mark}${ticketMark}`,
        );
      }
      ctx.out(
        `\nAPI çağrıları: ${Object.entries(report.apiCalls)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
      ctx.out(`Yorumdan işleme süre: p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms`);
      ctx.out(`\nAçılan biletler (${report.tickets.length}):`);
      for (const t of report.tickets) ctx.out(`  #${t.number} ${t.directorate} (${t.kind}, öncelik ${t.priority}): ${t.summary.slice(0, 70)}`);
      ctx.out(`Gönderilen postalar (${report.mails.length}):`);
      for (const m of report.mails) ctx.out(`  ${m.to}: ${m.subject}`);
      const a = report.mail.announcement;
      ctx.out(`\nDuyuru: "${a.subject}" (önizleme özeti ${a.previewHash}, onaylandı) → ${a.sent} alıcıya gönderildi, durum: ${a.state}`);
      for (const f of a.attachments) ctx.out(`  ek: ${f.filename} (${f.contentType}, ${f.size} bayt)`);
      const t = report.mail.ticketByMail;
      if ('skipped' in t) ctx.out(`E-postayla yanıt: yapılmadı (${t.skipped})`);
      else
        ctx.out(`E-postayla yanıt: #${t.number} (${t.unit}) bildirimine ${t.from} yanıt verdi (${t.replyTo}) → kayıt ${t.status}, yanıt: "${t.answer ?? ''}"`);
      if (!report.allHandled) ctx.err('Uyarı: süre doldu, bazı yorumlar işlenmedi.');
    });

  program
    .command('worker')
    .description('çalışan araçları')
    .command('bench')
    .description('öykünücüye karşı ölçüm: boşta tarama ve yorum başına API çağrısı, 5 sn aralıkta gecikme, birikmiş yorumların işlenme süresi')
    .option('--accounts <n>', 'birikme ölçümünde hesap sayısı', '10')
    .option('--comments <n>', 'hesap başına yeni yorum', '1000')
    .option('--latency-seconds <n>', 'gecikme ölçümünün süresi', '30')
    .option('--database <url>', 'postgresql://… (varsayılan: geçici SQLite dosyası)')
    .option('--drain-only', 'yalnızca birikmiş yorumların işlenmesini ölç')
    .option('--cadence-only', 'yalnızca 50 hesabın 5 sn aralıkla ne sıklıkta tarandığını ölç')
    .option('--json')
    .action(
      async (opts: {
        accounts: string;
        comments: string;
        latencySeconds: string;
        database?: string;
        json?: boolean;
        drainOnly?: boolean;
        cadenceOnly?: boolean;
      }) => {
        const { runWorkerBench, runDrain, runPollCadence } = await loadHarness();
        if (opts.cadenceOnly) {
          const pollCadence = await runPollCadence({ base: ctx.config(), logger: ctx.logger().child({}, { level: 'warn' }), dbBase: opts.database });
          const database = opts.database && /^postgres/.test(opts.database) ? 'postgresql' : 'sqlite';
          if (opts.json) return ctx.out(JSON.stringify({ database, pollCadence }, null, 2));
          return ctx.out(cadenceLine(pollCadence));
        }
        if (opts.drainOnly) {
          const drain = await runDrain(
            { base: ctx.config(), logger: ctx.logger().child({}, { level: 'warn' }), dbBase: opts.database },
            Number(opts.accounts),
            Number(opts.comments),
          );
          const database = opts.database && /^postgres/.test(opts.database) ? 'postgresql' : 'sqlite';
          if (opts.json) return ctx.out(JSON.stringify({ database, drain }, null, 2));
          ctx.out(`Veritabanı: ${database}`);
          return ctx.out(drainLine(drain));
        }
        const report = await runWorkerBench({
          base: ctx.config(),
          logger: ctx.logger().child({}, { level: 'warn' }),
          dbBase: opts.database,
          accounts: Number(opts.accounts),
          commentsPerAccount: Number(opts.comments),
          latencySeconds: Number(opts.latencySeconds),
        });
        if (opts.json) return ctx.out(JSON.stringify(report, null, 2));
        ctx.out(`Veritabanı: ${report.database}`);
        ctx.out(`Boşta tarama başına API çağrısı: ${JSON.stringify(report.idleCallsPerPoll)}`);
        ctx.out(`Yeni yorum başına API çağrısı: ${JSON.stringify(report.callsPerNewComment)}`);
        ctx.out(
          `5 sn tarama aralığında yorumdan işleme: p50 ${report.latencyAt5sPoll.p50} ms, p95 ${report.latencyAt5sPoll.p95} ms (${report.latencyAt5sPoll.comments} yorum)`,
        );
        ctx.out(drainLine(report.drain));
        ctx.out(cadenceLine(report.pollCadence));
      },
    );

  const accounts = program.command('accounts').description('izlenen sosyal medya hesapları');
  accounts
    .command('add')
    .addOption(choiceOption('--platform <platform>', PLATFORMS.join('|'), PLATFORMS).makeOptionMandatory())
    .requiredOption('--external-id <id>', 'sayfa / kullanıcı / kanal kimliği')
    .requiredOption('--name <name>', 'görünen ad')
    .requiredOption('--unit <unit>', 'sahibi olan birim')
    .option('--token-file <file>', 'erişim anahtarı (ya da JSON kimlik bilgisi) dosyası')
    .option('--token-stdin', 'erişim anahtarını standart girdiden oku')
    .option('--interval <seconds>', 'tarama aralığı (sn)', intArg('--interval', 1))
    .option('--dry-run', 'gölge kip: karar ver, platformda işlem yapma')
    .action(
      async (opts: {
        platform: string;
        externalId: string;
        name: string;
        unit: string;
        tokenFile?: string;
        tokenStdin?: boolean;
        interval?: number;
        dryRun?: boolean;
      }) => {
        const config = ctx.config();
        const { prisma } = await ctx.db();
        const account = await addAccount(
          { prisma, vault: Vault.fromConfig(config), config, verify: (a) => verifyCredentials(a, configuredEndpoints(config)) },
          {
            platform: opts.platform,
            externalId: opts.externalId,
            name: opts.name,
            unitId: opts.unit,
            credentials: parseCredentials(readSecretInput(opts)),
            ...(opts.interval ? { pollIntervalSec: opts.interval } : {}),
            dryRun: !!opts.dryRun,
          },
          'cli',
        );
        ctx.out(`Hesap eklendi: ${account.id} (${account.platform} ${account.name})`);
      },
    );
  accounts
    .command('connect <platform>')
    .description('tarayıcıda yetkilendirerek hesap ekle (youtube, x)')
    .requiredOption('--unit <unit>', 'sahibi olan birim')
    .requiredOption('--external-id <id>', 'kanal / kullanıcı kimliği')
    .option('--name <name>', 'görünen ad')
    .option('--interval <seconds>', 'tarama aralığı (sn)')
    .option('--dry-run', 'gölge kip: karar ver, platformda işlem yapma')
    .action(async (platform: string, opts: { unit: string; externalId: string; name?: string; interval?: string; dryRun?: boolean }) => {
      const config = ctx.config();
      if (platform !== 'youtube' && platform !== 'x') {
        throw new AccountError(`Tarayıcıyla bağlanma yalnız youtube ve x için var; ${platform} için anahtarı \`bekci accounts add\` ile verin.`);
      }
      const client = config.secrets.oauth?.[platform];
      if (!client)
        throw new AccountError(
          `OAuth istemcisi tanımlı değil: BEKCI_${platform.toUpperCase()}_CLIENT_ID (ve gerekiyorsa _CLIENT_SECRET) ortam değişkenini verin.`,
        );
      const { prisma } = await ctx.db();
      const p = config.platforms;
      const authorizeUrl = platform === 'youtube' ? p.googleAuthorizeUrl : p.xAuthorizeUrl;
      const account = await connectAccount(
        { prisma, vault: Vault.fromConfig(config), config, verify: (a) => verifyCredentials(a, configuredEndpoints(config)) },
        {
          platform,
          externalId: opts.externalId,
          name: opts.name ?? opts.externalId,
          unitId: opts.unit,
          client,
          endpoints: {
            ...(p.googleTokenUrl ? { googleTokenUrl: p.googleTokenUrl } : {}),
            ...(p.xApiUrl ? { xApiUrl: p.xApiUrl } : {}),
            requestTimeoutMs: config.worker.requestTimeoutMs,
          },
          ...(authorizeUrl ? { authorizeUrl } : {}),
          onUrl: (url) => ctx.out(`Bu adresi tarayıcıda açıp izin verin:\n${url}`),
          ...(opts.interval ? { pollIntervalSec: Number(opts.interval) } : {}),
          dryRun: !!opts.dryRun,
        },
        'cli',
      );
      ctx.out(`Hesap bağlandı: ${account.id} (${account.platform} ${account.name})`);
    });
  accounts
    .command('list')
    .option('--json')
    .action(async (opts: { json?: boolean }) => {
      const { prisma } = await ctx.db();
      const rows = await prisma.account.findMany({ orderBy: [{ platform: 'asc' }, { name: 'asc' }] });
      const view = rows.map(({ credentials: _c, cursor: _cur, ...rest }) => rest);
      if (opts.json) return ctx.out(JSON.stringify(view, null, 2));
      if (!rows.length) return ctx.out('Kayıtlı hesap yok.');
      for (const a of rows) {
        ctx.out(
          `${a.id}  ${a.platform.padEnd(9)} ${a.name.padEnd(24)} birim=${a.unitId} durum=${a.status}${a.dryRun ? ' (gölge)' : ''} son tarama=${a.lastPolledAt?.toISOString() ?? '-'}${a.lastError ? ` hata=${a.lastError}` : ''}`,
        );
      }
    });
  for (const [name, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    accounts.command(`${name} <account>`).action(async (ref: string) => {
      const a = await setAccountStatus((await ctx.db()).prisma, ref, status, 'cli');
      ctx.out(`${a.name}: ${status === 'active' ? 'etkin' : 'devre dışı'}`);
    });
  }
  accounts
    .command('dry-run <account>')
    .addArgument(choiceArgument('<mode>', 'on | off', ['on', 'off']))
    .description('gölge kip: on | off')
    .action(async (ref: string, mode: string) => {
      const a = await setAccountDryRun((await ctx.db()).prisma, ref, mode === 'on', 'cli');
      ctx.out(`${a.name}: gölge kip ${mode === 'on' ? 'açık' : 'kapalı'}`);
    });
  accounts
    .command('rotate-token <account>')
    .option('--token-file <file>')
    .option('--token-stdin')
    .action(async (ref: string, opts: { tokenFile?: string; tokenStdin?: boolean }) => {
      const config = ctx.config();
      const { prisma } = await ctx.db();
      const a = await rotateAccountToken(
        { prisma, vault: Vault.fromConfig(config), verify: (a) => verifyCredentials(a, configuredEndpoints(config)) },
        ref,
        parseCredentials(readSecretInput(opts)),
        'cli',
      );
      ctx.out(`${a.name}: erişim anahtarı yenilendi, hesap yeniden izleniyor.`);
    });

  const review = program.command('review').description('insan incelemesi');
  review
    .command('list')
    .option('--json')
    .action(async (opts: { json?: boolean }) => {
      const items = await listReviews((await ctx.db()).prisma);
      if (opts.json) return ctx.out(JSON.stringify(items, null, 2));
      if (!items.length) return ctx.out('İnceleme bekleyen yorum yok.');
      for (const i of items) ctx.out(`${i.id}  [${i.comment.platform}/${i.comment.platformState}] ${i.reason}\n    ${i.comment.text}`);
    });
  review
    .command('dead-letters')
    .description('okunup kaydedilemeyen yorumlar (platformda elle kontrol edilmeli)')
    .option('--json')
    .action(async (opts: { json?: boolean }) => {
      const rows = await (await ctx.db()).prisma.deadLetter.findMany({ where: { status: 'open' }, orderBy: { createdAt: 'asc' } });
      if (opts.json) return ctx.out(JSON.stringify(rows, null, 2));
      if (!rows.length) return ctx.out('Kaydedilemeyen yorum yok.');
      for (const r of rows)
        ctx.out(
          `${r.id}  [${r.platform}] yorum ${r.externalId} (gönderi ${r.postId}), ${r.attempts} kez görüldü, ilk: ${r.createdAt.toISOString()}\n    ${r.error}`,
        );
    });
  for (const verdict of ['approve', 'remove'] as const) {
    review
      .command(`${verdict} <id>`)
      .description(verdict === 'approve' ? 'yorumu onayla (gizlenmişse geri aç)' : 'yorumun kaldırılmasını onayla')
      .requiredOption('--by <user>', 'işlemi yapan kullanıcı')
      .action(async (ref: string, opts: { by: string }) => {
        const config = ctx.config();
        const db = await ctx.db();
        const [{ createConnector }, { executeAction }] = await Promise.all([import('../platforms/registry.js'), import('../moderation/executor.js')]);
        const capsFor = (platform: string) =>
          createConnector({ platform: platform as 'x', externalId: '-', credentials: { accessToken: '-' } }, {}).capabilities;
        // A decision that needs the platform is recorded only when the master key opens the account's
        // credentials: otherwise the command would fail after recording a removal it cannot carry out.
        let vault: Vault | undefined;
        const ready = async ({ kind, accountId }: { kind: string | null; accountId: string }) => {
          if (!kind) return;
          vault = Vault.fromConfig(config);
          vault.open((await db.prisma.account.findUniqueOrThrow({ where: { id: accountId } })).credentials);
        };
        const result = await resolveReview(db.prisma, ref, verdict, opts.by, capsFor, ready);
        if (!result.actionId || !vault) return ctx.out(`Kaydedildi; platformda işlem gerekmiyor.`);
        // Try at once; if the platform is unreachable the worker retries it.
        const action = await db.prisma.platformAction.findUniqueOrThrow({
          where: { id: result.actionId },
          include: { comment: { include: { account: true } } },
        });
        const account = action.comment.account;
        const connector = createConnector(
          { platform: account.platform as 'x', externalId: account.externalId, credentials: vault.open(account.credentials) },
          {
            ...(config.platforms.graphUrl ? { graphUrl: config.platforms.graphUrl } : {}),
            ...(config.platforms.xApiUrl ? { xApiUrl: config.platforms.xApiUrl } : {}),
            ...(config.platforms.youtubeRootUrl ? { youtubeRootUrl: config.platforms.youtubeRootUrl } : {}),
            requestTimeoutMs: config.worker.requestTimeoutMs,
          },
        );
        const outcome = await executeAction(
          {
            prisma: db.prisma,
            config,
            logger: ctx.logger(),
            vault,
            judge: () => {
              throw new Error('unused');
            },
            connectorFor: () => connector,
            actor: opts.by,
          },
          account,
          connector,
          action,
        );
        ctx.out(
          outcome === 'done'
            ? `Platformda uygulandı: ${result.kind}`
            : `Kaydedildi (${result.kind}); platform şu an yanıt vermiyor, çalışan yeniden deneyecek.`,
        );
      });
  }
}

function readJsonl(file: string): SampleComment[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const v = JSON.parse(line) as Partial<SampleComment>;
      if (!v.platform || !PLATFORMS.includes(v.platform as 'x') || typeof v.text !== 'string') {
        throw new CliError(`${file}:${i + 1}: {"platform":"facebook|instagram|x|youtube","text":"…","author":"…"} bekleniyordu`);
      }
      return { platform: v.platform, text: v.text, author: v.author ?? 'takipci' } as SampleComment;
    });
}

function cadenceLine(c: Awaited<ReturnType<Harness['runPollCadence']>>): string {
  return `${c.accounts} hesap, ${c.intervalSec} sn aralık: iki tarama arası en çok ${c.maxGapSec} sn (p95 ${c.p95GapSec} sn), ${c.targetSec} sn'yi aşan hesap ${c.accountsOverTarget}`;
}

function drainLine(d: Awaited<ReturnType<Harness['runDrain']>>): string {
  return (
    `${d.accounts} hesap × ${d.commentsPerAccount} yorum: ${d.seconds} sn (alım, karar ve biletler ${d.ingestSeconds} sn; ${d.commentsPerSecond} yorum/sn, ${d.actions} platform işlemi, platform sınırını bekleyen ${d.waitingForPlatformLimit})${d.settled ? '' : ' — süre doldu, bitmedi'}\n` +
    `Yorum başına SQL deyimi: alım ${d.statementsPerComment}, çalışanın tümü ${d.workerStatementsPerComment}; olay döngüsü gecikmesi p99 ${d.eventLoopDelayP99Ms} ms, doluluk ${d.eventLoopUtilization}\n` +
    `Biletler: beklenen ${d.ticketsExpected}, açılan ${d.ticketsOpened}`
  );
}
