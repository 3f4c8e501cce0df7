import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { sha256Hex } from './attachments.js';
import { listScopeOf } from './preview.js';

/** What every recipient row of one announcement shares: its documents and its list. */
export interface AnnouncementParts {
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
  listScope: string | undefined;
  groups: string[];
}

/**
 * Loads an announcement's documents once per dispatcher for all its recipients (a small LRU keeps
 * memory flat across requests). A stored document whose bytes no longer match the hash recorded at
 * the request (and covered by the approval) is refused: the dispatcher then fails the rows instead of
 * sending something that was not approved.
 */
export class PartsCache {
  private readonly cache = new Map<string, Promise<AnnouncementParts>>();

  constructor(
    private readonly prisma: Prisma,
    private readonly config: Pick<Config, 'mail'>,
    private readonly max = 4,
  ) {}

  get(requestId: string): Promise<AnnouncementParts> {
    let p = this.cache.get(requestId);
    if (p) {
      this.cache.delete(requestId);
      this.cache.set(requestId, p); // most recently used last
      return p;
    }
    p = this.load(requestId);
    p.catch(() => this.cache.delete(requestId));
    this.cache.set(requestId, p);
    while (this.cache.size > this.max) this.cache.delete(this.cache.keys().next().value!);
    return p;
  }

  private async load(requestId: string): Promise<AnnouncementParts> {
    const req = await this.prisma.mailRequest.findUniqueOrThrow({ where: { id: requestId }, select: { groups: true } });
    const groups = (req.groups as unknown as string[]) ?? [];
    const rows = await this.prisma.mailAttachment.findMany({ where: { requestId }, orderBy: { position: 'asc' } });
    const attachments = rows.map((a) => {
      const content = Buffer.from(a.content);
      if (sha256Hex(content) !== a.sha256) throw new Error(`ek bozulmuş (özet uyuşmuyor): ${a.filename}`);
      return { filename: a.filename, contentType: a.contentType, content };
    });
    return { attachments, listScope: await listScopeOf(this.prisma, this.config, groups), groups };
  }
}
