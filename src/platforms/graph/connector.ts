import type {
  ActionKind,
  Capabilities,
  Connector,
  ConnectorAccount,
  ConnectorLimits,
  ModerationKind,
  PlatformEndpoints,
  PollCursor,
  PollResult,
  SeenStore,
} from '../contract.js';
import { PlatformError, platformCall } from '../contract.js';
import { GraphClient, setGraphBaseUrl, type GraphList } from './client.js';
import type { GraphConnectorOptions } from './options.js';
import type { GraphParams } from 'facebook-nodejs-business-sdk';
import { isMissingObject, toPlatformError } from './errors.js';
import { DEFAULT_TUNING, PollSession, type PollTuning } from './poll-session.js';

/** The SDK node of one comment: a Facebook `Comment` or an Instagram `IGComment`. */
export interface GraphCommentNode {
  update(fields: string[], params?: GraphParams): Promise<unknown>;
  delete(fields: string[]): Promise<unknown>;
}

/**
 * Graph's business use case rate limits count every call of the Page or Instagram account together,
 * so a throttled account stops as a whole until `estimated_time_to_regain_access`.
 */
export const GRAPH_LIMITS: ConnectorLimits = Object.freeze({
  rateLimitScope: 'account',
  endpointOf: (kind: ActionKind): string => (kind === 'reply' ? 'POST /{comment}/replies' : `${kind} /{comment}`),
});

/** Reply pages read when looking for the account's own reply (100 replies each). */
const FIND_REPLY_MAX_PAGES = 10;

/**
 * What Facebook Page and Instagram comments share on the Graph API: the same moderation verbs
 * (hide/unhide through one boolean field, delete), the same poll bookkeeping and error mapping. The
 * platforms differ in how they list comments, the name of the hidden field and how they reply.
 */
export abstract class GraphConnector implements Connector {
  abstract readonly platform: 'facebook' | 'instagram';
  readonly capabilities: Capabilities = { hide: true, unhide: true, delete: true, hold: false, reject: false, reply: true };
  readonly limits = GRAPH_LIMITS;
  /** The edge replies to a comment are listed on: `comments` (Facebook) or `replies` (Instagram). */
  protected abstract readonly repliesEdge: string;
  /** The field holding a comment's text: `message` (Facebook) or `text` (Instagram). */
  protected abstract readonly textField: string;
  /** The comment field that says whether it is hidden: `is_hidden` (Facebook) or `hidden` (Instagram). */
  protected abstract readonly hiddenField: string;
  /** The parameter that hides or unhides: `is_hidden` (Facebook) or `hide` (Instagram). */
  protected abstract readonly hideParam: string;

  constructor(
    protected readonly ownerId: string,
    protected readonly client: GraphClient,
    protected readonly tuning: PollTuning,
  ) {}

  protected abstract readComments(session: PollSession): Promise<void>;
  protected abstract commentNode(id: string): GraphCommentNode;
  abstract reply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string }>;
  /** The top-level comment whose thread a reply to `id` joins (both platforms nest one level deep). */
  protected abstract threadOf(id: string): Promise<string>;

  async findReply(comment: { externalId: string; postId: string }, text: string): Promise<{ externalId: string } | null> {
    const what = `${this.platform} find reply`;
    const thread = await this.threadOf(comment.externalId);
    type Reply = { id: string; from?: { id?: string } } & Record<string, unknown>;
    let page = await this.client.get<GraphList<Reply>>(what, [thread, this.repliesEdge], { fields: `id,from{id},${this.textField}`, limit: 100 });
    for (let n = 1; ; n++) {
      const own = page.data.find((r) => r.from?.id === this.ownerId && String(r[this.textField] ?? '').trim() === text.trim());
      if (own) return { externalId: own.id };
      if (!page.paging?.next || n >= FIND_REPLY_MAX_PAGES) return null;
      page = await this.client.getUrl<Reply>(what, page.paging.next);
    }
  }

  poll(cursor: PollCursor | null, seen?: SeenStore): Promise<PollResult> {
    const start = this.client.calls;
    return platformCall(toPlatformError, `${this.platform} poll`, async () => {
      const session = new PollSession(cursor, this.tuning, Date.now(), seen);
      await this.readComments(session);
      return { ...session.result(), calls: this.client.calls - start };
    });
  }

  async moderate(comment: { externalId: string; postId: string }, kind: ModerationKind): Promise<{ response: unknown }> {
    const node = this.commentNode(comment.externalId);
    if (kind === 'hide' || kind === 'unhide') {
      return { response: await this.client.run(`${this.platform} ${kind}`, () => node.update([], { [this.hideParam]: kind === 'hide' })) };
    }
    if (kind === 'delete') {
      try {
        return { response: await this.client.run(`${this.platform} delete`, () => node.delete([])) };
      } catch (err) {
        // Deleting twice (e.g. a retry after a crash) finds nothing: the goal is reached.
        if (isMissingObject(err)) return { response: { success: true, alreadyDeleted: true } };
        throw err;
      }
    }
    throw new PlatformError('invalid', `${this.platform}: moderation '${kind}' is not supported`);
  }

  async currentState(comment: { externalId: string; postId: string }): Promise<'visible' | 'hidden' | 'deleted'> {
    try {
      const raw = (await this.client.run(`${this.platform} comment state`, () =>
        this.client.api.call('GET', [comment.externalId], { fields: `id,${this.hiddenField}` }),
      )) as Record<string, unknown>;
      return raw[this.hiddenField] ? 'hidden' : 'visible';
    } catch (err) {
      if (isMissingObject(err)) return 'deleted';
      throw err;
    }
  }
}

/**
 * Builds a Graph connector for one account. Sets the SDK's process-wide Graph base URL to
 * `endpoints.graphUrl` (see setGraphBaseUrl: every Graph connector in the process shares it).
 */
export function buildGraphConnector(
  Ctor: new (ownerId: string, client: GraphClient, tuning: PollTuning) => GraphConnector,
  account: ConnectorAccount,
  endpoints: PlatformEndpoints,
  options: GraphConnectorOptions,
): Connector {
  setGraphBaseUrl(endpoints.graphUrl);
  const clientOptions = { ...(endpoints.requestTimeoutMs ? { timeoutMs: endpoints.requestTimeoutMs } : {}), ...options };
  return new Ctor(account.externalId, new GraphClient(account.credentials.accessToken, clientOptions), { ...DEFAULT_TUNING, ...options.tuning });
}
