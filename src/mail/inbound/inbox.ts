import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import type { Config } from '../../config/index.js';
import type { Prisma } from '../../db/index.js';
import type { Logger } from '../../logging/logger.js';
import { isUniqueViolation } from '../../core/db-errors.js';
import { detectPersonalData, redactText } from '../../pii/index.js';
import { handleInbound, redactSender, type InboundOutcome } from './handle.js';

export interface InboxPassResult {
  seen: number;
  processed: number;
  forwarded: number;
  needsPerson: number;
  duplicates: number;
}

export interface InboxDeps {
  prisma: Prisma;
  config: Pick<Config, 'mail' | 'university' | 'secrets' | 'privacy'>;
  logger: Logger;
  now?: () => Date;
}

/** imap://user:pass@host:port (STARTTLS when offered) or imaps://… (implicit TLS). */
export function imapOptions(url: string): ImapFlowOptions {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

const WATERMARK = (mailbox: string, validity: string): string => `mail.inbox.lastUid:${mailbox}:${validity}`;

/**
 * One pass over the institution's mailbox: every message after the last one handled is parsed and
 * handled (see `handleInbound`). A message is recorded in `InboundMail` by mailbox, UIDVALIDITY and
 * UID, in the same transaction as its effect, so it is handled once even with several workers or a
 * crash in between; a message whose Message-ID was handled already (a copy) is only recorded.
 * Messages left for a person are flagged and moved to `mail.inbox.needsPersonMailbox`; handled ones are
 * marked seen. A move that fails is retried on the next pass; nothing is deleted.
 */
export async function runInboxPass(deps: InboxDeps): Promise<InboxPassResult> {
  const url = deps.config.secrets.imapUrl;
  if (!url) throw new Error('BEKCI_IMAP_URL tanımlı değil');
  const { mailbox, needsPersonMailbox } = deps.config.mail.inbox;
  const log = deps.logger.child({ component: 'mail-inbox' });
  const now = deps.now ?? (() => new Date());
  const result: InboxPassResult = { seen: 0, processed: 0, forwarded: 0, needsPerson: 0, duplicates: 0 };
  // Loaded on first use: only installations with a mailbox need the IMAP client.
  const { ImapFlow: Client } = await import('imapflow');
  const client: ImapFlow = new Client(imapOptions(url));
  client.on('error', (err: unknown) => log.warn({ err }, 'IMAP bağlantı hatası'));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const validity = String((client.mailbox as { uidValidity?: bigint } | false) ? (client.mailbox as { uidValidity: bigint }).uidValidity : 0n);
      const wmKey = WATERMARK(mailbox, validity);
      const last = Number((await deps.prisma.meta.findUnique({ where: { key: wmKey } }))?.value ?? 0);
      const toMove: number[] = [];
      const seenUids: number[] = [];
      let high = last;
      for await (const msg of client.fetch(`${last + 1}:*`, { uid: true, source: true }, { uid: true })) {
        if (msg.uid <= last || !msg.source) continue; // "n:*" always returns the last message
        result.seen++;
        high = Math.max(high, msg.uid);
        const uidKey = `${mailbox}:${validity}:${msg.uid}`;
        const outcome = await processInboundSource(deps, uidKey, msg.source, now());
        if (!outcome) {
          result.duplicates++;
          continue;
        }
        if (outcome.status === 'needs_person') {
          result.needsPerson++;
          toMove.push(msg.uid);
        } else {
          if (outcome.status === 'forwarded') result.forwarded++;
          else if (outcome.status === 'duplicate') result.duplicates++;
          else result.processed++;
          seenUids.push(msg.uid);
        }
      }
      // Previously left-for-a-person messages that could not be moved then: try again.
      const stuck = await deps.prisma.inboundMail.findMany({
        where: { status: 'needs_person', uidKey: { startsWith: `${mailbox}:${validity}:` } },
        select: { uidKey: true },
      });
      const stillHere = new Set<number>();
      if (stuck.length) {
        const uids = stuck.map((s) => Number(s.uidKey.split(':').pop())).filter((u) => !toMove.includes(u));
        if (uids.length) for await (const m of client.fetch(uids.join(','), { uid: true }, { uid: true })) stillHere.add(m.uid);
      }
      const move = [...toMove, ...stillHere];
      if (seenUids.length) await client.messageFlagsAdd(seenUids.join(','), ['\\Seen'], { uid: true });
      if (move.length) {
        await client.mailboxCreate(needsPersonMailbox).catch(() => undefined); // exists already
        await client.messageFlagsAdd(move.join(','), ['\\Flagged'], { uid: true });
        await client.messageMove(move.join(','), needsPersonMailbox, { uid: true });
      }
      if (high > last) {
        await deps.prisma.meta.upsert({ where: { key: wmKey }, create: { key: wmKey, value: String(high) }, update: { value: String(high) } });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  if (result.seen) log.info(result, 'posta kutusu okundu');
  return result;
}

/**
 * Parses and handles one message from the mailbox (or any source with a stable `uidKey`, e.g. the
 * demo); undefined when this key was recorded before.
 */
export async function processInboundSource(
  deps: Pick<InboxDeps, 'prisma' | 'config'>,
  uidKey: string,
  source: Buffer,
  now: Date,
): Promise<InboundOutcome | undefined> {
  if (await deps.prisma.inboundMail.findUnique({ where: { uidKey }, select: { id: true } })) return undefined;
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(source);
  const messageId = mail.messageId ?? null;
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const copy = messageId ? await tx.inboundMail.findFirst({ where: { messageId }, select: { id: true } }) : null;
      const outcome: InboundOutcome = copy
        ? { kind: 'unknown', status: 'duplicate', reason: 'aynı Message-ID daha önce işlendi' }
        : await handleInbound(tx, deps, mail, source, now);
      await tx.inboundMail.create({
        data: {
          uidKey,
          messageId,
          kind: outcome.kind,
          status: outcome.status,
          reason: outcome.reason ?? null,
          ticketId: outcome.ticketId ?? null,
          outboxId: outcome.outboxId ?? null,
          subject: redactedSubject(deps.config, mail.subject),
          sender: redactSender(mail.from?.value[0]?.address),
          createdAt: now,
        },
      });
      return outcome;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return undefined; // another worker recorded it first
    throw err;
  }
}

/** The subject as stored: personal data replaced (a stranger may write anything there), clipped. */
function redactedSubject(config: Pick<Config, 'university' | 'privacy'>, subject: string | undefined): string | null {
  const s = (subject ?? '').slice(0, 200);
  if (!s) return null;
  const findings = detectPersonalData(s, {
    institutionalDomains: config.university.domains,
    institutionalPhones: config.university.phones,
    studentNumberPattern: config.privacy.studentNumberPattern,
  });
  return redactText(s, findings);
}

/** Messages left for a person, newest first. */
export function listNeedsPerson(prisma: Prisma, limit = 100) {
  return prisma.inboundMail.findMany({ where: { status: 'needs_person' }, orderBy: { createdAt: 'desc' }, take: limit });
}
