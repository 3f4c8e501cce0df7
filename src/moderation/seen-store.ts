import type { DbProvider } from '../config/index.js';
import { Sql, type RawRunner } from '../db/bulk-sql.js';
import type { Prisma } from '../db/index.js';
import type { SeenChanges, SeenHash, SeenStore } from '../platforms/contract.js';

/**
 * The seen hashes of one account's comments (`SeenComment`), kept out of the poll cursor: a connector
 * loads those of the posts it reads again, and a poll's changes are written with its cursor, in the
 * transaction of its last page (see `writeSeen`), so the two never disagree after a crash.
 */
export function seenStoreFor(prisma: Pick<Prisma, 'seenComment'>, accountId: string): SeenStore {
  return {
    async forPosts(postIds: readonly string[]): Promise<SeenHash[]> {
      if (postIds.length === 0) return [];
      const rows = await prisma.seenComment.findMany({
        where: { accountId, postId: { in: [...postIds] } },
        select: { externalId: true, postId: true, at: true, hash: true },
      });
      return rows.map((r) => ({ externalId: r.externalId, postId: r.postId, at: Number(r.at), hash: r.hash }));
    },
  };
}

const COLUMNS = [
  { name: 'accountId', kind: 'text' },
  { name: 'externalId', kind: 'text' },
  { name: 'postId', kind: 'text' },
  { name: 'at', kind: 'int' },
  { name: 'hash', kind: 'text' },
] as const;

/** Ids per DELETE statement. */
const IDS_PER_STATEMENT = 5_000;

/** Writes a poll's seen-hash changes; returns the statements sent (none when nothing changed). */
export async function writeSeen(tx: RawRunner, provider: DbProvider, accountId: string, changes: SeenChanges | undefined): Promise<number> {
  if (!changes) return 0;
  const sql = new Sql(provider);
  let statements = 0;
  const remove = async (column: 'externalId' | 'postId', values: readonly string[]): Promise<void> => {
    for (let i = 0; i < values.length; i += IDS_PER_STATEMENT) {
      const chunk = values.slice(i, i + IDS_PER_STATEMENT);
      statements += 1;
      await tx.$executeRawUnsafe(
        `DELETE FROM "SeenComment" WHERE "accountId" = ${sql.param(1)} AND "${column}" IN (${sql.inList(2, chunk.length)})`,
        accountId,
        ...chunk,
      );
    }
  };
  await remove('postId', changes.dropPosts);
  await remove('externalId', changes.drop);
  await sql.insertMany(
    tx,
    'SeenComment',
    COLUMNS,
    changes.put.map((h) => ({ accountId, externalId: h.externalId, postId: h.postId, at: h.at, hash: h.hash })),
    { conflict: ['accountId', 'externalId'], update: ['postId', 'at', 'hash'], onStatement: () => (statements += 1) },
  );
  return statements;
}
