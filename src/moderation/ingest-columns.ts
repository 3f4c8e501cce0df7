import type { Column, ColumnKind } from '../db/bulk-sql.js';

const cols = (spec: Record<string, ColumnKind>): Column[] => Object.entries(spec).map(([name, kind]) => ({ name, kind }));

/**
 * The columns ingest writes with multi-row INSERTs (see prisma/models.prisma). Every column with a
 * Prisma-side default (`cuid()`, `now()`) is listed and filled by ingest: raw SQL does not run them,
 * and SQLite's CURRENT_TIMESTAMP would not have Prisma's format.
 */
export const COLUMNS = {
  comment: cols({
    id: 'text',
    accountId: 'text',
    platform: 'text',
    externalId: 'text',
    postId: 'text',
    parentId: 'text',
    authorId: 'text',
    authorName: 'text',
    authorIsOwner: 'bool',
    text: 'text',
    textHash: 'text',
    version: 'int',
    publishedAt: 'ts',
    firstSeenAt: 'ts',
    lastSeenAt: 'ts',
    platformState: 'text',
  }),
  decision: cols({
    id: 'text',
    commentId: 'text',
    version: 'int',
    ruleSetVersion: 'text',
    matchedRules: 'json',
    categories: 'json',
    action: 'text',
    evidence: 'json',
    dryRun: 'bool',
    routing: 'text',
    createdAt: 'ts',
  }),
  action: cols({
    id: 'text',
    commentId: 'text',
    decisionId: 'text',
    kind: 'text',
    idempotencyKey: 'text',
    status: 'text',
    attempts: 'int',
    nextAttemptAt: 'ts',
    requestedBy: 'text',
    createdAt: 'ts',
  }),
  review: cols({ id: 'text', commentId: 'text', decisionId: 'text', reason: 'text', status: 'text', createdAt: 'ts' }),
  audit: cols({ id: 'text', at: 'ts', actor: 'text', action: 'text', entityType: 'text', entityId: 'text', data: 'json' }),
} as const;
