import type { EmuAccount, EmuComment, EmuMutation, EmuMutationOp, EmuPlatform, EmuPost, Fault, FaultKind } from './types.js';

/** In-memory world shared by all emulated platforms. */
export class EmulatorState {
  readonly accounts = new Map<string, EmuAccount>(); // key: `${platform}:${id}`
  readonly posts = new Map<string, EmuPost>();
  readonly comments = new Map<string, EmuComment>();
  readonly calls: Record<EmuPlatform, number> = { facebook: 0, instagram: 0, x: 0, youtube: 0 };
  /** Every platform request answered, in order (bounded), for tests that count side effects. */
  readonly requests: Array<{ platform: EmuPlatform; method: string; path: string; status: number }> = [];
  /** Every change a client applied, in order (chaos campaigns count repeated actions from it). */
  readonly mutations: EmuMutation[] = [];
  /** YouTube quota units spent today per token (the emulator's day never rolls over). */
  readonly quotaUsed = new Map<string, number>();
  faults: Fault[] = [];
  /** Tokens that the emulator treats as expired or revoked. */
  readonly revokedTokens = new Set<string>();
  /** Access tokens that stop working at this epoch millisecond (issued with a lifetime). */
  readonly tokenExpiresAt = new Map<string, number>();
  /** Access tokens replaced by a refresh, still valid until they expire, and their account (`platform:id`). */
  readonly formerTokens = new Map<string, string>();
  /** Refresh tokens (YouTube, X) and the account (`platform:id`) each one renews. */
  readonly refreshTokens = new Map<string, string>();
  /** Lifetime of access tokens issued by refreshes, per platform, in seconds (0: never expire). */
  /** The scopes asked for at the last authorisation, per platform (tests check least privilege). */
  readonly lastAuthorizeScopes: Partial<Record<EmuPlatform, string[]>> = {};
  readonly tokenTtlSec: Record<EmuPlatform, number> = { facebook: 0, instagram: 0, x: 0, youtube: 0 };
  /**
   * How long a new tweet stays out of X's recent search (its index lags behind the write; the
   * account's own timeline does not). 0: searchable at once.
   */
  xSearchLagMs = 0;
  private seq = 1_000_000_000_000;
  private clock = 0;

  /** Numeric-looking ids, increasing, like the real platforms' ids. */
  nextId(): string {
    this.seq += 1 + Math.floor(Math.random() * 7);
    return String(this.seq);
  }

  /** Strictly increasing timestamps even when comments arrive in the same millisecond. */
  now(): Date {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock);
  }

  addAccount(platform: EmuPlatform, name: string, opts: { id?: string; token?: string } = {}): EmuAccount {
    const account: EmuAccount = { platform, name, id: opts.id ?? this.nextId(), token: opts.token ?? `tok-${platform}-${this.nextId()}` };
    this.accounts.set(`${platform}:${account.id}`, account);
    return account;
  }

  accountByToken(platform: EmuPlatform, token: string | undefined): EmuAccount | undefined {
    if (!token || this.revokedTokens.has(token)) return undefined;
    const expires = this.tokenExpiresAt.get(token);
    if (expires !== undefined && Date.now() >= expires) {
      // From now on the platform answers with its own "expired" error for this token.
      this.revokedTokens.add(token);
      return undefined;
    }
    for (const a of this.accounts.values()) if (a.platform === platform && a.token === token) return a;
    const former = this.formerTokens.get(token);
    const account = former ? this.accounts.get(former) : undefined;
    return account?.platform === platform ? account : undefined;
  }

  /**
   * Gives the account a new access token living `ttlSec` seconds (0: no expiry), and a new refresh
   * token when `withRefresh` (YouTube, X). The previous access token stops working, as after a
   * rotation, unless `keepPrevious`: a refresh grant (Google, X, Instagram) leaves the token it
   * replaces valid until its own expiry, so a client whose refresh answer was lost still works.
   */
  issueToken(
    account: EmuAccount,
    ttlSec: number,
    withRefresh: boolean,
    opts: { keepPrevious?: boolean } = {},
  ): { accessToken: string; refreshToken?: string; expiresIn?: number } {
    if (opts.keepPrevious) this.formerTokens.set(account.token, `${account.platform}:${account.id}`);
    account.token = `tok-${account.platform}-${this.nextId()}`;
    if (ttlSec > 0) this.tokenExpiresAt.set(account.token, Date.now() + ttlSec * 1000);
    const out: { accessToken: string; refreshToken?: string; expiresIn?: number } = { accessToken: account.token };
    if (ttlSec > 0) out.expiresIn = ttlSec;
    if (withRefresh) {
      const rt = `rt-${account.platform}-${this.nextId()}`;
      this.refreshTokens.set(rt, `${account.platform}:${account.id}`);
      out.refreshToken = rt;
    }
    return out;
  }

  /** Records a change that took effect (called by the platform modules, never for a failed request). */
  recordMutation(platform: EmuPlatform, op: EmuMutationOp, target: string, accountId: string): void {
    if (this.mutations.length < 1_000_000) this.mutations.push({ platform, op, target, accountId, at: Date.now() });
  }

  addPost(platform: EmuPlatform, accountId: string, text: string, id?: string): EmuPost {
    const post: EmuPost = { id: id ?? this.nextId(), platform, accountId, text, createdAt: this.now() };
    this.posts.set(post.id, post);
    return post;
  }

  addComment(input: {
    platform: EmuPlatform;
    postId: string;
    text: string;
    authorId?: string;
    authorName?: string;
    parentId?: string;
    id?: string;
  }): EmuComment {
    const post = this.posts.get(input.postId);
    if (!post) throw new Error(`emulator: unknown post ${input.postId}`);
    const at = this.now();
    const comment: EmuComment = {
      id: input.id ?? this.nextId(),
      platform: input.platform,
      accountId: post.accountId,
      postId: post.id,
      ...(input.parentId ? { parentId: input.parentId } : {}),
      authorId: input.authorId ?? this.nextId(),
      authorName: input.authorName ?? 'kullanici',
      text: input.text,
      createdAt: at,
      updatedAt: at,
      state: 'visible',
    };
    this.comments.set(comment.id, comment);
    return comment;
  }

  editComment(id: string, text: string): EmuComment {
    const c = this.comments.get(id);
    if (!c) throw new Error(`emulator: unknown comment ${id}`);
    c.text = text;
    c.updatedAt = this.now();
    return c;
  }

  addFault(platform: EmuPlatform, kind: FaultKind, remaining = 1, delayMs?: number, opts: { writesOnly?: boolean } = {}): void {
    this.faults.push({ platform, kind, remaining, ...(delayMs !== undefined ? { delayMs } : {}), ...(opts.writesOnly ? { writesOnly: true } : {}) });
  }

  /** Removes every fault still waiting (the end of an outage). */
  clearFaults(platform?: EmuPlatform): void {
    this.faults = platform ? this.faults.filter((f) => f.platform !== platform) : [];
  }

  /** Consumes one use of the first fault that applies to this platform (and request method). */
  takeFault(platform: EmuPlatform, method = 'GET'): Fault | undefined {
    const i = this.faults.findIndex((f) => f.platform === platform && f.remaining > 0 && (!f.writesOnly || method !== 'GET'));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults.splice(i, 1);
    return f;
  }

  commentsOf(platform: EmuPlatform, postId: string): EmuComment[] {
    return [...this.comments.values()].filter((c) => c.platform === platform && c.postId === postId);
  }
}
