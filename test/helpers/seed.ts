import type { Prisma } from '../../src/db/index.js';

let seq = 0;

/** A unit row (directorate unless told). */
export async function seedUnit(prisma: Prisma, id: string, kind = 'directorate', name = id): Promise<void> {
  await prisma.unit.upsert({ where: { id }, create: { id, kind, name }, update: {} });
}

/** A watched account of `unitId` (one per unit and platform). */
export async function seedAccount(prisma: Prisma, unitId: string, platform = 'facebook') {
  await seedUnit(prisma, unitId);
  return (
    (await prisma.account.findFirst({ where: { unitId, platform } })) ??
    (await prisma.account.create({ data: { platform, externalId: `acct-${platform}-${unitId}`, name: `${unitId} ${platform}`, unitId, credentials: 'x' } }))
  );
}

/**
 * A ticket of `unitId` whose comment was posted on an account of `accountUnitId`, with one `created`
 * event. Numbers are allocated from the highest one in the database.
 */
export async function seedTicket(
  prisma: Prisma,
  opts: {
    unitId: string;
    accountUnitId?: string;
    text?: string;
    status?: string;
    escalated?: boolean;
    assignee?: string;
    answer?: string;
    authorName?: string;
  },
) {
  seq++;
  await seedUnit(prisma, opts.unitId);
  const account = await seedAccount(prisma, opts.accountUnitId ?? 'kurumsal-iletisim');
  const comment = await prisma.comment.create({
    data: {
      accountId: account.id,
      platform: account.platform,
      externalId: `seed-${seq}-${Math.random().toString(36).slice(2)}`,
      postId: 'post-1',
      authorId: `author-${seq}`,
      authorName: opts.authorName ?? `yazar${seq}`,
      text: opts.text ?? `Yorum ${seq}`,
      textHash: `h-${seq}-${Math.random()}`,
      publishedAt: new Date(),
    },
  });
  const last = await prisma.ticket.findFirst({ orderBy: { number: 'desc' }, select: { number: true } });
  const ticket = await prisma.ticket.create({
    data: {
      number: (last?.number ?? 0) + 1,
      unitId: opts.unitId,
      kind: 'complaint',
      topic: `${opts.unitId}:complaint`,
      summary: opts.text ?? `Yorum ${seq}`,
      confidence: 0.9,
      status: opts.status ?? 'open',
      assignee: opts.assignee ?? null,
      answer: opts.answer ?? null,
      replyStatus: opts.answer ? 'pending_approval' : null,
      dueAt: new Date(Date.now() + 8 * 3600_000),
      escalatedAt: opts.escalated ? new Date() : null,
      closedAt: opts.status === 'closed' ? new Date() : null,
    },
  });
  await prisma.ticketComment.create({ data: { ticketId: ticket.id, commentId: comment.id } });
  await prisma.ticketEvent.create({ data: { ticketId: ticket.id, type: 'created', actor: 'system', data: { unitId: opts.unitId } } });
  return { ticket, comment, account };
}

/** Users by name with role and unit. */
export async function seedUsers(prisma: Prisma, users: Array<{ name: string; role: string; unitId?: string | null }>): Promise<void> {
  for (const u of users) {
    if (u.unitId) await seedUnit(prisma, u.unitId);
    await prisma.user.create({ data: { name: u.name, role: u.role, unitId: u.unitId ?? null } });
  }
}
