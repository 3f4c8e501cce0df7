import type { Prisma } from '../db/index.js';
import { requestCounts } from './sending.js';

export const REQUEST_STATES = ['requested', 'approved', 'rejected', 'sending', 'sent', 'failed'] as const;

export const STATE_LABELS: Record<string, string> = {
  requested: 'onay bekliyor',
  approved: 'onaylandı',
  rejected: 'reddedildi',
  sending: 'gönderiliyor',
  sent: 'gönderildi',
  failed: 'gönderilemedi',
};

/** Turkish names accepted for `--state`. */
const STATE_ALIASES: Record<string, string> = {
  'onay-bekliyor': 'requested',
  bekliyor: 'requested',
  onaylandi: 'approved',
  onaylandı: 'approved',
  reddedildi: 'rejected',
  gonderiliyor: 'sending',
  gönderiliyor: 'sending',
  gonderildi: 'sent',
  gönderildi: 'sent',
  gonderilemedi: 'failed',
  gönderilemedi: 'failed',
};

export function parseState(value: string): string | undefined {
  const v = value.trim().toLocaleLowerCase('tr');
  return (REQUEST_STATES as readonly string[]).includes(v) ? v : STATE_ALIASES[v];
}

export interface MailRequestRow {
  id: string;
  state: string;
  unit: string;
  subject: string;
  revision: number;
  attachments: number;
  createdAt: string;
  sent: number;
  failed: number;
  pending: number;
}

/** Requests, newest first, optionally of one state and/or unit (at most `limit`). */
export async function listMailRequests(prisma: Prisma, filter: { state?: string; unit?: string; limit?: number } = {}): Promise<MailRequestRow[]> {
  const rows = await prisma.mailRequest.findMany({
    where: { ...(filter.state ? { status: filter.state } : {}), ...(filter.unit ? { unitId: filter.unit } : {}) },
    orderBy: { createdAt: 'desc' },
    take: filter.limit ?? 200,
    select: { id: true, status: true, unitId: true, subject: true, revision: true, createdAt: true, _count: { select: { attachments: true } } },
  });
  const out: MailRequestRow[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      state: r.status,
      unit: r.unitId,
      subject: r.subject,
      revision: r.revision,
      attachments: r._count.attachments,
      createdAt: r.createdAt.toISOString(),
      ...(await requestCounts(prisma, r.id)),
    });
  }
  return out;
}
