import { createHash } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { renderTemplate } from './template.js';

/**
 * Stands for the per-recipient unsubscribe link in a rendered announcement. The approver previews and
 * approves the message with this placeholder; the dispatcher puts each recipient's own signed link in
 * its place (and nothing else differs between recipients).
 */
export const UNSUBSCRIBE_PLACEHOLDER = 'https://abonelik.bekci.invalid/kisiye-ozel-baglanti';

export interface AttachmentMeta {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** What a recipient of an announcement gets, before the per-recipient unsubscribe link. */
export interface AnnouncementPreview {
  id: string;
  revision: number;
  state: string;
  subject: string;
  from: string;
  replyTo: string;
  text: string;
  html: string;
  attachments: AttachmentMeta[];
  /** The group named in List-Id and in unsubscribe tokens; undefined: no List-Unsubscribe. */
  listScope: string | undefined;
  /** sha256 of everything above that reaches the recipient: approval records it, sending checks it. */
  hash: string;
}

/**
 * The request's first group that the configuration marks for List-Unsubscribe (`mail.unsubscribeGroups`
 * names groups or group kinds); undefined when none is, or when no unsubscribe address is configured.
 */
export async function listScopeOf(prisma: Prisma, config: Pick<Config, 'mail'>, groupNames: readonly string[]): Promise<string | undefined> {
  if (!config.mail.unsubscribeUrl || groupNames.length === 0) return undefined;
  const wanted = new Set(config.mail.unsubscribeGroups);
  const groups = await prisma.recipientGroup.findMany({ where: { name: { in: [...groupNames] } }, select: { name: true, kind: true } });
  return groupNames.find((n) => groups.some((g) => g.name === n && (wanted.has(g.name) || wanted.has(g.kind))));
}

/**
 * Renders an announcement request exactly as it will be sent: the Markdown body in the institutional
 * template with a plain-text alternative, the sender, Reply-To and the attachments. Deterministic for
 * a given request revision and configuration, so the hash the approver saw can be checked at sending.
 */
export async function previewAnnouncement(prisma: Prisma, config: Pick<Config, 'mail' | 'university'>, id: string): Promise<AnnouncementPreview | undefined> {
  const req = await prisma.mailRequest.findUnique({
    where: { id },
    include: {
      unit: { select: { name: true } },
      attachments: { orderBy: { position: 'asc' }, select: { id: true, filename: true, contentType: true, size: true, sha256: true } },
    },
  });
  if (!req) return undefined;
  const groups = (req.groups as unknown as string[]) ?? [];
  const listScope = await listScopeOf(prisma, config, groups);
  // Requests made before attachments were real MIME parts carry a document's text: keep showing it.
  const legacy = req.attachmentText?.trim() ? `\n\n---\n\n**${req.attachmentName ?? 'Ek'}**\n\n${req.attachmentText.trim()}` : '';
  const footer = [
    `Bu duyuru ${req.unit.name} tarafından gönderilmiştir. Yanıtınız ${req.replyTo} adresine ulaşır.`,
    ...(listScope ? [`Bu listeden (${listScope}) e-posta almak istemiyorsanız: [abonelikten çık](${UNSUBSCRIBE_PLACEHOLDER})`] : []),
  ];
  const body = renderTemplate({ university: config.university, subject: req.subject, markdown: req.body + legacy, footer });
  const content = {
    subject: req.subject,
    from: config.mail.from,
    replyTo: req.replyTo,
    text: body.text,
    html: body.html,
    attachments: req.attachments,
  };
  return {
    id: req.id,
    revision: req.revision,
    state: req.status,
    ...content,
    listScope,
    hash: contentHash({ ...content, listScope: listScope ?? null }),
  };
}

/** sha256 of a canonical JSON of the content (keys in a fixed order). */
export function contentHash(content: {
  subject: string;
  from: string;
  replyTo: string;
  text: string;
  html: string;
  attachments: ReadonlyArray<{ filename: string; contentType: string; size: number; sha256: string }>;
  listScope: string | null;
}): string {
  const canonical = JSON.stringify([
    content.subject,
    content.from,
    content.replyTo,
    content.text,
    content.html,
    content.attachments.map((a) => [a.filename, a.contentType, a.size, a.sha256]),
    content.listScope,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
