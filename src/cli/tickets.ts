/** `bekci tickets …`: complaints and requests routed to directorates, on the command line. */
import type { Command } from 'commander';
import { PRIORITY_TR, TICKET_PRIORITIES, type TicketPriority } from '../routing/priority.js';
import { answerTicket, approveReply, assignTicket, closeTicket, findTicket, reopenTicket } from '../tickets/index.js';
import { formatTime } from '../tickets/notify.js';
import { KIND_TR, STATUS_TR } from '../tickets/deps.js';
import { knownUnits } from '../users/units.js';
import { choiceOption, intArg } from './args.js';
import { CliError, type CliContext } from './context.js';

const STATUSES = ['open', 'assigned', 'answered', 'closed'];

function oneLine(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** An unknown `--directorate` is an error listing the known ids (configured units, routing file, database). */
async function requireKnownUnit(ctx: CliContext, id: string): Promise<void> {
  const known = knownUnits(ctx.config());
  if (known.has(id)) return;
  const { prisma } = await ctx.db();
  const rows = await prisma.unit.findMany({ select: { id: true } });
  const ids = new Set([...known.keys(), ...rows.map((r) => r.id)]);
  if (ids.has(id)) return;
  throw new CliError(`Bilinmeyen birim: ${id}. Bilinen birimler: ${[...ids].sort().join(', ')}`);
}

export function registerTicketCommands(program: Command, ctx: CliContext): void {
  const tickets = program.command('tickets').description('şikâyet ve talep kayıtları');
  const tz = (): string => ctx.config().university.timezone;

  tickets
    .command('list')
    .description('kayıtları listeler (en yeniler önce)')
    .option('--directorate <id>', 'yalnızca bu birimin kayıtları')
    .addOption(choiceOption('--status <durum>', `yalnızca bu durumdakiler (${STATUSES.join(' | ')})`, STATUSES))
    .addOption(choiceOption('--priority <öncelik>', `yalnızca bu öncelikteki kayıtlar (${TICKET_PRIORITIES.join(' | ')})`, TICKET_PRIORITIES))
    .option('--limit <n>', 'en çok bu kadar kayıt', intArg('--limit', 1), 50)
    .option('--json', 'JSON çıktı')
    .action(async (o: { directorate?: string; status?: string; priority?: string; limit: number; json?: boolean }) => {
      const { prisma } = await ctx.db();
      if (o.directorate) await requireKnownUnit(ctx, o.directorate);
      const rows = await prisma.ticket.findMany({
        where: {
          ...(o.directorate ? { unitId: o.directorate } : {}),
          ...(o.status ? { status: o.status } : {}),
          ...(o.priority ? { priority: o.priority } : {}),
        },
        orderBy: { number: 'desc' },
        take: o.limit,
      });
      if (o.json) return ctx.out(JSON.stringify(rows));
      if (!rows.length) return ctx.out('Kayıt yok.');
      for (const t of rows) {
        ctx.out(
          `#${t.number}  ${(STATUS_TR[t.status] ?? t.status).padEnd(10)} ${(PRIORITY_TR[t.priority as TicketPriority] ?? t.priority).padEnd(6)} ${t.unitId.padEnd(18)} ${(KIND_TR[t.kind] ?? t.kind).padEnd(8)} son: ${formatTime(t.dueAt, tz())}  ${oneLine(t.summary)}`,
        );
      }
    });

  tickets
    .command('show')
    .description('bir kaydı geçmişiyle gösterir')
    .argument('<id>', 'kayıt numarası veya kimliği')
    .option('--json', 'JSON çıktı')
    .action(async (ref: string, o: { json?: boolean }) => {
      const { prisma } = await ctx.db();
      const t = await findTicket(prisma, ref);
      const [events, comments, unit] = await Promise.all([
        prisma.ticketEvent.findMany({ where: { ticketId: t.id }, orderBy: { createdAt: 'asc' } }),
        prisma.ticketComment.findMany({ where: { ticketId: t.id }, orderBy: { createdAt: 'asc' } }),
        prisma.unit.findUnique({ where: { id: t.unitId } }),
      ]);
      if (o.json) return ctx.out(JSON.stringify({ ...t, comments: comments.map((c) => c.commentId), events }));
      ctx.out(
        [
          `Kayıt #${t.number} (${t.id})`,
          `Birim: ${unit?.name ?? t.unitId} [${t.unitId}]  Tür: ${KIND_TR[t.kind] ?? t.kind}  Öncelik: ${PRIORITY_TR[t.priority as TicketPriority] ?? t.priority}  Güven: ${t.confidence.toFixed(2)}`,
          `Durum: ${STATUS_TR[t.status] ?? t.status}${t.assignee ? `  Atanan: ${t.assignee}` : ''}`,
          `Açılış: ${formatTime(t.createdAt, tz())}  Son yanıt zamanı: ${formatTime(t.dueAt, tz())}` +
            `${t.warnedAt ? `  Uyarı: ${formatTime(t.warnedAt, tz())}` : ''}${t.escalatedAt ? `  Üst yönetime iletildi: ${formatTime(t.escalatedAt, tz())}` : ''}`,
          `Yorum sayısı: ${comments.length}`,
          '',
          t.summary,
          ...(t.answer ? ['', `Yanıt (${t.replyStatus ?? '-'}): ${t.answer}`] : []),
          '',
          'Geçmiş:',
          ...events.map((e) => `  ${formatTime(e.createdAt, tz())}  ${e.type.padEnd(15)} ${e.actor}${e.data ? `  ${JSON.stringify(e.data)}` : ''}`),
        ].join('\n'),
      );
    });

  tickets
    .command('assign')
    .description('kaydı bir kullanıcıya atar')
    .argument('<id>', 'kayıt numarası veya kimliği')
    .requiredOption('--to <kullanıcı>', 'atanacak kişi')
    .requiredOption('--by <kullanıcı>', 'işlemi yapan')
    .action(async (ref: string, o: { to: string; by: string }) => {
      const { prisma } = await ctx.db();
      const t = await assignTicket(prisma, ref, o);
      ctx.out(`#${t.number} ${o.to} kişisine atandı.`);
    });

  tickets
    .command('answer')
    .description('birimin yanıtını kaydeder (yayın için kurumsal iletişim onayı gerekir)')
    .argument('<id>', 'kayıt numarası veya kimliği')
    .requiredOption('--text <metin>', 'yanıt metni')
    .requiredOption('--by <kullanıcı>', 'işlemi yapan')
    .action(async (ref: string, o: { text: string; by: string }) => {
      const { prisma } = await ctx.db();
      const t = await answerTicket(prisma, ref, o);
      ctx.out(`#${t.number} yanıtlandı. Yanıtın yorumun altında yayınlanması için: bekci tickets reply ${t.number} --approve --by KULLANICI`);
    });

  tickets
    .command('close')
    .description('kaydı kapatır')
    .argument('<id>', 'kayıt numarası veya kimliği')
    .requiredOption('--by <kullanıcı>', 'işlemi yapan')
    .action(async (ref: string, o: { by: string }) => {
      const { prisma } = await ctx.db();
      const t = await closeTicket(prisma, ref, o);
      ctx.out(`#${t.number} kapatıldı.`);
    });

  tickets
    .command('reopen')
    .description('kapalı bir kaydı yeniden açar')
    .argument('<id>', 'kayıt numarası veya kimliği')
    .requiredOption('--by <kullanıcı>', 'işlemi yapan')
    .action(async (ref: string, o: { by: string }) => {
      const { prisma } = await ctx.db();
      const t = await reopenTicket(prisma, ref, o);
      ctx.out(`#${t.number} yeniden açıldı.`);
    });

  tickets
    .command('reply')
    .description('yanıtın yorumun altında yayınlanmasını onaylar (kurumsal iletişim veya yönetici)')
    .argument('<id>', 'kayıt numarası veya kimliği')
    .option('--approve', 'yayını onayla')
    .requiredOption('--by <kullanıcı>', 'onaylayan')
    .action(async (ref: string, o: { approve?: boolean; by: string }) => {
      if (!o.approve) throw new CliError('Yanıtın yayınlanması için --approve gerekli.');
      const { prisma } = await ctx.db();
      const r = await approveReply(prisma, ref, { by: o.by });
      ctx.out(
        r.created ? `Yanıt yayın için sıraya alındı (işlem ${r.actionId}).` : `Bu yanıt zaten onaylanmış (işlem ${r.actionId}); yeni bir şey sıraya alınmadı.`,
      );
    });
}
