import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { approveMailRequest, mailRequestStatus, rejectMailRequest } from '../mail/approval.js';
import { readDocuments } from '../mail/attachments.js';
import { GROUP_KINDS, importGroupCsv, listGroups, type GroupKind } from '../mail/groups.js';
import { createMailRequest, editMailRequest } from '../mail/requests.js';
import { MailDispatcher } from '../mail/dispatcher.js';
import { STATE_LABELS as STATUS_LABELS } from '../mail/listing.js';
import { CliError, type CliContext } from './context.js';
import { loadHarness } from './harness.js';
import { registerMailPreviewCommands } from './mail-preview.js';

/** Commander collector for repeatable options (`--attach a.pdf --attach b.docx`). */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new CliError(`${what} okunamadı: ${path}`);
  }
}

/** `bekci mail …`: announcement requests, approval, groups, the dispatcher and its benchmark. */
export function registerMailCommands(program: Command, ctx: CliContext): void {
  const mail = program.command('mail').description('duyuru e-postaları: talep, onay, alıcı grupları, gönderim');

  mail
    .command('request')
    .description('birim ya da üst yönetim adına duyuru talebi açar; talep kimliğini yazar')
    .requiredOption('--unit <birim>', 'talep eden birim')
    .requiredOption('--subject <konu>', 'e-posta konusu')
    .option('--body-file <dosya>', 'metin dosyası (UTF-8, Markdown: **kalın**, [bağlantı](https://…), listeler)')
    .requiredOption('--group <gruplar>', 'alıcı grupları, virgülle (akademik, idari, öğrenci ya da liste adı)')
    .requiredOption('--reply-to <adres>', 'yanıtların gideceği birim adresi')
    .option('--purpose <amaç>', 'bilgilendirme | davet | kutlama | tebrik', 'information')
    .option('--attach <dosya>', 'hazır belge eki (PDF, DOCX, PNG, JPEG); birden çok kez verilebilir', collect, [])
    .option('--by <kullanıcı>', 'talebi açan kullanıcı')
    .option('--json', 'JSON çıktı')
    .action(
      async (o: {
        unit: string;
        subject: string;
        bodyFile?: string;
        group: string;
        replyTo: string;
        purpose?: string;
        attach: string[];
        by?: string;
        json?: boolean;
      }) => {
        const body = o.bodyFile ? readText(o.bodyFile, 'Metin dosyası') : '';
        const attachments = await readDocuments(o.attach, ctx.config().mail.attachments);
        const { prisma } = await ctx.db();
        const r = await createMailRequest(prisma, ctx.config(), {
          unit: o.unit,
          subject: o.subject,
          body,
          groups: o.group.split(','),
          replyTo: o.replyTo,
          attachments,
          ...(o.purpose ? { purpose: o.purpose } : {}),
          ...(o.by ? { by: o.by } : {}),
        });
        if (o.json) return ctx.out(JSON.stringify({ id: r.id, status: r.status, pii: r.pii.map((p) => p.type) }));
        ctx.out(r.id);
        if (r.pii.length) ctx.err(`Uyarı: kişisel veri bulundu (${r.pii.map((p) => `${p.type}: ${p.count}`).join(', ')}); onay için gerekçe gerekecek.`);
      },
    );

  mail
    .command('edit <id>')
    .description('talebin konusunu ya da metnini değiştirir; yeni sürüm yeniden onay ister')
    .option('--subject <konu>', 'yeni konu')
    .option('--body-file <dosya>', 'yeni metin dosyası (Markdown)')
    .option('--attach <dosya>', 'ekleri bu belgelerle değiştirir; birden çok kez verilebilir', collect)
    .option('--by <kullanıcı>', 'değiştiren kullanıcı')
    .action(async (id: string, o: { subject?: string; bodyFile?: string; attach?: string[]; by?: string }) => {
      const attachments = o.attach ? await readDocuments(o.attach, ctx.config().mail.attachments) : undefined;
      const { prisma } = await ctx.db();
      const r = await editMailRequest(prisma, ctx.config(), id, {
        ...(o.subject !== undefined ? { subject: o.subject } : {}),
        ...(o.bodyFile ? { body: readText(o.bodyFile, 'Metin dosyası') } : {}),
        ...(attachments ? { attachments } : {}),
        ...(o.by ? { by: o.by } : {}),
      });
      ctx.out(`Talep ${r.id} güncellendi: sürüm ${r.revision}, yeniden onay bekliyor.`);
    });

  mail
    .command('approve <id>')
    .description('talebin güncel sürümünü onaylar (önce "bekci mail show ID" ile bakın)')
    .requiredOption('--by <kullanıcı>', 'onaylayan')
    .option('--justification <gerekçe>', 'kişisel veri içeren talepler için KVKK gerekçesi')
    .option('--hash <özet>', '"mail show" çıktısındaki önizleme özeti; e-posta o zamandan beri değiştiyse onay reddedilir')
    .action(async (id: string, o: { by: string; justification?: string; hash?: string }) => {
      const { prisma } = await ctx.db();
      const r = await approveMailRequest(prisma, ctx.config(), id, o);
      ctx.out(`Talep ${r.id} (sürüm ${r.revision}) onaylandı (önizleme özeti ${r.hash.slice(0, 12)}); gönderim kuyruğa alınacak.`);
    });

  mail
    .command('reject <id>')
    .description('talebi gerekçesiyle reddeder')
    .requiredOption('--by <kullanıcı>', 'reddeden')
    .requiredOption('--reason <gerekçe>', 'ret gerekçesi')
    .action(async (id: string, o: { by: string; reason: string }) => {
      const { prisma } = await ctx.db();
      const r = await rejectMailRequest(prisma, ctx.config(), id, o);
      ctx.out(`Talep ${r.id} (sürüm ${r.revision}) reddedildi.`);
    });

  mail
    .command('status <id>')
    .description('talebin durumu ve gönderim sayıları')
    .option('--json', 'JSON çıktı')
    .action(async (id: string, o: { json?: boolean }) => {
      const { prisma } = await ctx.db();
      const s = await mailRequestStatus(prisma, id);
      if (!s) throw new CliError(`Talep bulunamadı: ${id}`);
      const { request: r, sent, failed, pending } = s;
      if (o.json) return ctx.out(JSON.stringify({ id: r.id, status: r.status, sent, failed, pending }));
      ctx.out(`Talep ${r.id}: ${STATUS_LABELS[r.status] ?? r.status} (sürüm ${r.revision}${r.approvedRevision ? `, onaylı sürüm ${r.approvedRevision}` : ''})`);
      ctx.out(`Birim: ${r.unitId}  Konu: ${r.subject}`);
      ctx.out(`Gönderildi: ${sent}  Başarısız: ${failed}  Bekliyor: ${pending}`);
      for (const a of r.approvals) {
        ctx.out(
          `  sürüm ${a.revision}: ${a.decision === 'approved' ? 'onay' : 'ret'} — ${a.by}${a.reason ? ` (${a.reason})` : ''}${a.justification ? ` [gerekçe: ${a.justification}]` : ''}`,
        );
      }
    });

  mail
    .command('send')
    .description('e-posta gönderimcisini çalıştırır (onaylı duyurular ve bildirimler)')
    .option('--once', 'şu an gönderilebilecek her şeyi gönderip çıkar')
    .action(async (o: { once?: boolean }) => {
      const { prisma } = await ctx.db();
      const d = new MailDispatcher({ prisma, config: ctx.config(), logger: ctx.logger() });
      if (o.once) {
        try {
          const r = await d.runOnce();
          ctx.out(`Gönderildi: ${r.sent}  Başarısız: ${r.failed}  Yeniden denenecek: ${r.retried}`);
        } finally {
          await d.close();
        }
        return;
      }
      d.start();
      ctx.err('Gönderimci çalışıyor; durdurmak için Ctrl+C.');
      await new Promise<void>((resolve) => {
        const stop = (): void => void d.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  registerMailPreviewCommands(mail, ctx);

  const groups = mail.command('groups').description('alıcı grupları');
  groups
    .command('import <file>')
    .description('CSV dosyasından alıcı içe aktarır (başlıkta "email", isteğe bağlı "name" sütunu)')
    .requiredOption('--group <ad>', 'grup adı')
    .option('--kind <tür>', GROUP_KINDS.join(' | '))
    .option('--by <kullanıcı>', 'içe aktaran kullanıcı (rolü alıcı gruplarını yönetebilmeli)')
    .action(async (file: string, o: { group: string; kind?: string; by?: string }) => {
      if (o.kind && !(GROUP_KINDS as readonly string[]).includes(o.kind)) throw new CliError(`Geçersiz grup türü: ${o.kind} (${GROUP_KINDS.join(', ')})`, 2);
      const csv = readText(file, 'CSV dosyası');
      const { prisma } = await ctx.db();
      const r = await importGroupCsv(prisma, { csv, group: o.group, ...(o.kind ? { kind: o.kind as GroupKind } : {}), ...(o.by ? { by: o.by } : {}) });
      ctx.out(`${r.group}: ${r.added} alıcı eklendi, ${r.existing} zaten vardı, ${r.invalid.length} geçersiz, ${r.duplicates.length} yinelenen.`);
      for (const p of r.invalid) ctx.err(`  satır ${p.line}: geçersiz adres — ${p.reason}`);
      for (const p of r.duplicates) ctx.err(`  satır ${p.line}: yinelenen — ${p.reason}`);
      // Valid rows are imported; invalid ones make the command fail like any other failure (exit 1).
      if (r.invalid.length) process.exitCode = 1;
    });
  groups
    .command('list')
    .description('grupları ve alıcı sayılarını listeler')
    .option('--json', 'JSON çıktı')
    .action(async (o: { json?: boolean }) => {
      const { prisma } = await ctx.db();
      const list = await listGroups(prisma);
      if (o.json) return ctx.out(JSON.stringify(list));
      if (!list.length) return ctx.out('Henüz alıcı grubu yok.');
      for (const g of list) ctx.out(`${g.name}\t${g.kind}\t${g.recipients} alıcı`);
    });

  mail
    .command('bench')
    .description('geçici veritabanı ve yerel SMTP ile gönderim hızını ve bellek kullanımını ölçer')
    .option('--recipients <n>', 'alıcı sayısı', '10000')
    .option('--rate <n>', 'saniyedeki ileti (varsayılan: yapılandırma)')
    .option('--json', 'JSON çıktı')
    .action(async (o: { recipients: string; rate?: string; json?: boolean }) => {
      const recipients = Number(o.recipients);
      const rate = o.rate === undefined ? undefined : Number(o.rate);
      if (!Number.isInteger(recipients) || recipients < 1) throw new CliError('--recipients pozitif bir tam sayı olmalı');
      if (rate !== undefined && !(rate > 0)) throw new CliError('--rate pozitif olmalı');
      const { runMailBench } = await loadHarness();
      const r = await runMailBench({ config: ctx.config(), logger: ctx.logger(), recipients, ...(rate ? { rate } : {}) });
      if (o.json) return ctx.out(JSON.stringify(r));
      ctx.out(`${r.recipients} alıcı ${r.seconds} sn'de gönderildi (${r.messagesPerSecond} ileti/sn).`);
      ctx.out(`Bellek (RSS): başlangıç ${r.rssStartMB} MB, en yüksek ${r.rssPeakMB} MB, bitiş ${r.rssEndMB} MB; heap en yüksek ${r.heapPeakMB} MB.`);
      ctx.out(`Yinelenen: ${r.duplicates}  Eksik: ${r.missing}`);
    });
}
