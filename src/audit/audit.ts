import type { Prisma } from '../db/index.js';
import { scrub } from '../logging/scrub.js';

export interface AuditEntry {
  /** `system:<worker id>` for automatic actions, the user's name for human ones. */
  actor: string;
  /** Dotted verb, e.g. `comment.hide`, `review.approve`, `mail.approve`, `rules.reload`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

type AuditClient = Pick<Prisma, 'auditLog'>;

/** Appends to the audit log. Data is scrubbed of secrets and personal data before it is stored. */
export async function audit(prisma: AuditClient, entry: AuditEntry): Promise<void> {
  await prisma.auditLog.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      ...(entry.data ? { data: scrub(entry.data) as object } : {}),
    },
  });
}
