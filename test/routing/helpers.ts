import { configSchema } from '../../src/config/schema.js';
import type { Prisma } from '../../src/db/index.js';
import type { TicketConfig } from '../../src/tickets/index.js';

/** Configuration for ticket tests: defaults plus one academic unit and a management address. */
export function ticketConfig(overrides: Record<string, unknown> = {}): TicketConfig {
  const file = configSchema.parse({
    units: [{ id: 'muhendislik-fakultesi', name: 'Mühendislik Fakültesi', email: 'muhendislik@example.edu.tr', kind: 'academic' }],
    mail: { managementEmail: 'rektorluk@example.edu.tr' },
    ...overrides,
  });
  return file;
}

let seq = 0;

/** An account on `unitId` and a comment on it; returns the comment id. */
export async function makeComment(prisma: Prisma, unitId: string, text = 'yorum', authorId = 'author-1'): Promise<string> {
  seq++;
  const account =
    (await prisma.account.findFirst({ where: { unitId } })) ??
    (await prisma.account.create({ data: { platform: 'facebook', externalId: `page-${unitId}`, name: unitId, unitId, credentials: 'x' } }));
  const c = await prisma.comment.create({
    data: {
      accountId: account.id,
      platform: 'facebook',
      externalId: `c-${seq}-${Math.random()}`,
      postId: 'p1',
      authorId,
      text,
      textHash: `h${seq}`,
      publishedAt: new Date(),
    },
  });
  return c.id;
}
