import type { Command } from 'commander';
import { intArg } from './args.js';
import type { CliContext } from './context.js';
import { loadHarness, type Harness } from './harness.js';

type ChaosReport = Awaited<ReturnType<Harness['runChaos']>>;

/** `bekci chaos`: the kill-and-restart campaign of the harness (src/harness/chaos). */
export function registerChaosCommand(program: Command, ctx: CliContext): void {
  program
    .command('chaos')
    .description(
      'dayanıklılık denemesi: çalışanı ve e-posta gönderimcisini öykünücü (hatalar açık) ve yerel SMTP ile çalıştırır, rastgele anlarda SIGKILL ile öldürüp yeniden başlatır, sonra kaybolan ya da yinelenen işleri sayar',
    )
    .option('--kills <n>', 'öldürme sayısı', intArg('--kills', 1), 20)
    .option('--seed <n>', 'rastgele üreteç tohumu (aynı tohum, aynı öldürme takvimi; varsayılan: rastgele)', intArg('--seed', 1))
    .option('--database <url>', 'postgresql://… (geçici bir şema açılır ve silinir) ya da yeni bir SQLite dosyası file:… (varsayılan: geçici SQLite dosyası)')
    .option('--settle-seconds <n>', 'son yeniden başlatmadan sonra işlerin bitmesi için en uzun bekleme', intArg('--settle-seconds', 10), 240)
    .option('--json', 'JSON rapor')
    .action(async (opts: { kills: number; seed?: number; database?: string; settleSeconds: number; json?: boolean }) => {
      const { runChaos, randomSeed } = await loadHarness();
      const seed = opts.seed ?? randomSeed();
      if (!opts.json) ctx.err(`Kaos denemesi: ${opts.kills} öldürme, tohum ${seed}`);
      const report = await runChaos({
        base: ctx.config(),
        kills: opts.kills,
        seed,
        ...(opts.database ? { database: opts.database } : {}),
        settleTimeoutMs: opts.settleSeconds * 1000,
        onProgress: (line) => {
          if (!opts.json) ctx.err(line);
        },
      });
      if (opts.json) ctx.out(JSON.stringify(report, null, 2));
      else ctx.out(humanReport(report));
      // CI fails on a broken invariant.
      if (report.violations.length) process.exitCode = 1;
    });
}

function humanReport(r: ChaosReport): string {
  const lines = [
    `Veritabanı: ${r.database}, tohum ${r.seed}`,
    `Öldürme: ${r.kills} (çalışan ${r.killsWorker}, gönderimci ${r.killsMailer}; gönderim sırasında ${r.killsInsideSend}); kendiliğinden çıkış: ${r.unexpectedExits}`,
    `Akış: ${r.commentsPosted} yorum, ${r.mailsApproved} onaylı duyuru, ${r.repliesApproved} onaylı yanıt, ${r.faultsInjected} platform hatası; deneme ${r.campaignSec} sn, durulma ${r.settleSec} sn`,
    `Kaçırılan yorum: ${r.commentsMissed}`,
    `Yinelenen platform işlemi: ${r.actionsRepeated} (X gizlemeleri, zararsız: ${r.idempotentRepeats}); başarısız kalan işlem: ${r.actionsFailed}`,
    `Biletler: beklenen ${r.ticketsExpected}, eksik ${r.ticketsMissing}, yinelenen ${r.ticketsDuplicated}`,
    `E-postalar: beklenen ${r.mailsExpected}, eksik ${r.mailsMissing}, yinelenen ${r.mailsDuplicated} (izin verilen en çok ${r.killsInsideSend})`,
    `Yanıtlar: beklenen ${r.repliesExpected}, eksik ${r.repliesMissing}`,
  ];
  if (r.violations.length) lines.push('', 'BOZULAN KOŞULLAR:', ...r.violations.map((v) => `  - ${v}`));
  else lines.push('', 'Tüm koşullar sağlandı.');
  return lines.join('\n');
}
