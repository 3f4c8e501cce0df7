import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { listNeedsPerson, runInboxPass } from '../mail/inbound/inbox.js';
import { listMailRequests, parseState, REQUEST_STATES, STATE_LABELS } from '../mail/listing.js';
import { previewAnnouncement } from '../mail/preview.js';
import { unsubscribe } from '../mail/suppression.js';
import { CliError, type CliContext } from './context.js';

const kb = (n: number): string => `${(n / 1024).toLocaleString('tr-TR', { maximumFractionDigits: 1 })} KB`;

/** `bekci mail show | list | unsubscribe`: what the approver sees, what is queued, opting out. */
export function registerMailPreviewCommands(mail: Command, ctx: CliContext): void {
  mail
    .command('show <id>')
    .description('alıcının alacağı e-postayı gösterir: başlıklar, metin bölümü, ekler')
    .option('--html <dosya>', 'HTML bölümünü bu dosyaya yazar (tarayıcıda açıp bakmak için)')
    .option('--json', 'JSON çıktı')
    .action(async (id: string, o: { html?: string; json?: boolean }) => {
      const { prisma } = await ctx.db();
      const p = await previewAnnouncement(prisma, ctx.config(), id);
      if (!p) throw new CliError(`Talep bulunamadı: ${id}`);
      if (o.html) {
        try {
          writeFileSync(o.html, p.html);
        } catch {
          throw new CliError(`HTML dosyası yazılamadı: ${o.html}`);
        }
      }
      const attachments = p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size }));
      if (o.json) {
        return ctx.out(JSON.stringify({ subject: p.subject, from: p.from, replyTo: p.replyTo, text: p.text, html: p.html, attachments, state: p.state }));
      }
      const req = await prisma.mailRequest.findUniqueOrThrow({ where: { id }, select: { groups: true } });
      ctx.out(`From: ${p.from}`);
      ctx.out(`Reply-To: ${p.replyTo}`);
      ctx.out(`Subject: ${p.subject}`);
      ctx.out(`To: (her alıcıya ayrı) ${((req.groups as unknown as string[]) ?? []).join(', ')}`);
      if (p.listScope) ctx.out(`List-Unsubscribe: kişiye özel bağlantı (liste: ${p.listScope}), tek tıkla (RFC 8058)`);
      ctx.out(`Ekler: ${p.attachments.length ? '' : 'yok'}`);
      for (const a of p.attachments) ctx.out(`  - ${a.filename} (${a.contentType}, ${kb(a.size)}, sha256 ${a.sha256.slice(0, 12)})`);
      ctx.out('');
      ctx.out(p.text);
      ctx.out(`Durum: ${STATE_LABELS[p.state] ?? p.state} (sürüm ${p.revision})`);
      ctx.out(`Önizleme özeti: ${p.hash.slice(0, 12)}  (onay: bekci mail approve ${id} --by KULLANICI --hash ${p.hash.slice(0, 12)})`);
      if (o.html) ctx.err(`HTML bölümü yazıldı: ${o.html}`);
    });

  mail
    .command('list')
    .description('duyuru taleplerini listeler (en yenisi önce)')
    .option('--state <durum>', REQUEST_STATES.join(' | '))
    .option('--unit <birim>', 'yalnızca bu birimin talepleri')
    .option('--json', 'JSON çıktı')
    .action(async (o: { state?: string; unit?: string; json?: boolean }) => {
      const state = o.state === undefined ? undefined : parseState(o.state);
      if (o.state !== undefined && !state) throw new CliError(`Geçersiz durum: ${o.state} (${REQUEST_STATES.join(', ')})`, 2);
      const { prisma } = await ctx.db();
      const rows = await listMailRequests(prisma, { ...(state ? { state } : {}), ...(o.unit ? { unit: o.unit } : {}) });
      if (o.json) return ctx.out(JSON.stringify(rows));
      if (!rows.length) return ctx.out('Talep yok.');
      for (const r of rows) {
        ctx.out(
          `${r.id}\t${STATE_LABELS[r.state] ?? r.state}\t${r.unit}\t${r.subject}${r.attachments ? `\t[${r.attachments} ek]` : ''}\tgönderildi ${r.sent}, başarısız ${r.failed}, bekliyor ${r.pending}`,
        );
      }
    });

  mail
    .command('inbox')
    .description('kurumsal posta kutusunu bir kez okur (BEKCI_IMAP_URL): kayıt yanıtları, geri dönenler, duyuru yanıtları')
    .option('--pending', 'okumadan, bir kişinin bakması için bırakılan iletileri listeler')
    .option('--json', 'JSON çıktı')
    .action(async (o: { pending?: boolean; json?: boolean }) => {
      const { prisma } = await ctx.db();
      if (o.pending) {
        const rows = await listNeedsPerson(prisma);
        if (o.json)
          return ctx.out(
            JSON.stringify(
              rows.map((r) => ({
                id: r.id,
                at: r.createdAt.toISOString(),
                kind: r.kind,
                reason: r.reason,
                subject: r.subject,
                sender: r.sender,
                ticketId: r.ticketId,
              })),
            ),
          );
        if (!rows.length) return ctx.out('Bir kişinin bakmasını bekleyen ileti yok.');
        ctx.out(`Bu iletiler "${ctx.config().mail.inbox.needsPersonMailbox}" klasörüne taşındı ve işaretlendi:`);
        for (const r of rows) ctx.out(`${r.createdAt.toISOString()}\t${r.sender ?? '-'}\t${r.subject ?? '(konusuz)'}\t${r.reason ?? ''}`);
        return;
      }
      if (!ctx.config().secrets.imapUrl)
        throw new CliError('Posta kutusu tanımlı değil: BEKCI_IMAP_URL=imap://kullanici:parola@sunucu:143 (ya da imaps://…) ayarlayın', 2);
      let r;
      try {
        r = await runInboxPass({ prisma, config: ctx.config(), logger: ctx.logger() });
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError(`Posta kutusu okunamadı: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (o.json) return ctx.out(JSON.stringify(r));
      ctx.out(`Okunan: ${r.seen}  İşlenen: ${r.processed}  Birime iletilen: ${r.forwarded}  Kişiye bırakılan: ${r.needsPerson}  Yinelenen: ${r.duplicates}`);
    });

  mail
    .command('unsubscribe <token>')
    .description('abonelikten çıkma bağlantısındaki belirteci işler (adres o listeden bir daha e-posta almaz)')
    .action(async (token: string) => {
      const { prisma } = await ctx.db();
      const r = await unsubscribe(prisma, token);
      if (!r) throw new CliError('Geçersiz ya da bozulmuş abonelik belirteci');
      ctx.out(`Abonelikten çıkıldı: liste ${r.scope}${r.already ? ' (zaten çıkmıştı)' : ''}`);
    });
}
