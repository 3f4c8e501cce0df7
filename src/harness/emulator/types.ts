import type { IncomingHttpHeaders } from 'node:http';

/**
 * Plumbing shared by the emulator's platform modules (graph.ts for Facebook + Instagram, x.ts,
 * youtube.ts). The server (server.ts) parses each request once, asks each module whether the request
 * is its own, counts the call, applies fault injection and then lets the module answer.
 */

export type EmuPlatform = 'facebook' | 'instagram' | 'x' | 'youtube';

export interface EmuRequest {
  method: string;
  url: URL; // absolute, with the emulator's own origin (use it to build paging links)
  headers: IncomingHttpHeaders;
  /** Parsed JSON or urlencoded body, or undefined. */
  body: Record<string, unknown> | undefined;
  /** Bearer token or access_token / key parameter, whichever the request carried. */
  token: string | undefined;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** State of one emulated comment, common to all platforms. */
export interface EmuComment {
  id: string;
  platform: EmuPlatform;
  accountId: string; // page id, IG user id, X user id, YouTube channel id
  postId: string; // post, media, conversation (root tweet) or video id
  parentId?: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: Date;
  updatedAt: Date;
  state: 'visible' | 'hidden' | 'deleted' | 'held' | 'rejected';
}

/** What a client changed on a platform (the emulator's side of a repeat count). */
export type EmuMutationOp = 'hide' | 'unhide' | 'delete' | 'hold' | 'publish' | 'reject' | 'reply' | 'edit' | 'post';

/**
 * One change the platform applied, recorded when it took effect (also when the answer was then lost
 * or late), never for a request that failed or was dropped. `target` is the comment acted on; for a
 * reply, the comment replied to.
 */
export interface EmuMutation {
  platform: EmuPlatform;
  op: EmuMutationOp;
  target: string;
  /** The account that made the change. */
  accountId: string;
  at: number;
}

export interface EmuPost {
  id: string;
  platform: EmuPlatform;
  accountId: string;
  text: string;
  createdAt: Date;
}

export interface EmuAccount {
  platform: EmuPlatform;
  id: string;
  name: string; // page name, IG username, X username, channel title
  token: string; // the access token that authenticates as this account
}

/**
 * `slow`: wait `delayMs`, then answer normally (the request takes effect late). `late`: take effect at
 * once but answer only after `delayMs` (a client that times out does not know it worked). `drop`:
 * close the connection without answering and without acting (a network failure). `lost`: act, then
 * close the connection without answering (the answer is lost on the way back).
 */
export type FaultKind = 'rate_limit' | 'server_error' | 'slow' | 'late' | 'drop' | 'lost' | 'expired_token' | 'quota_exceeded';

/** Transport faults the server applies itself; the others are answered by the platform module. */
export const TRANSPORT_FAULTS = ['slow', 'late', 'drop', 'lost'] as const;
export type TransportFault = (typeof TRANSPORT_FAULTS)[number];

export interface Fault {
  platform: EmuPlatform;
  kind: FaultKind;
  /** How many matching requests it affects. */
  remaining: number;
  /** For `slow` and `late`: the delay. For `rate_limit`: seconds until reset advertised. */
  delayMs?: number;
  /** Only requests that change something (not GET): a write outage while reads work. */
  writesOnly?: boolean;
}

export interface PlatformModule {
  readonly name: string;
  /** Which platform this request belongs to, or undefined when it is not this module's. */
  claims(req: EmuRequest): EmuPlatform | undefined;
  handle(req: EmuRequest, platform: EmuPlatform): EmuResponse | Promise<EmuResponse>;
  /** The platform's own error answer for an injected fault (never called for transport faults). */
  fault(kind: Exclude<FaultKind, TransportFault>, req: EmuRequest, platform: EmuPlatform, fault: Fault): EmuResponse;
}
