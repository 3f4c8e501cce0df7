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

export type FaultKind = 'rate_limit' | 'server_error' | 'slow' | 'expired_token' | 'quota_exceeded';

export interface Fault {
  platform: EmuPlatform;
  kind: FaultKind;
  /** How many matching requests it affects. */
  remaining: number;
  /** For `slow`: delay before answering normally. For `rate_limit`: seconds until reset advertised. */
  delayMs?: number;
}

export interface PlatformModule {
  readonly name: string;
  /** Which platform this request belongs to, or undefined when it is not this module's. */
  claims(req: EmuRequest): EmuPlatform | undefined;
  handle(req: EmuRequest, platform: EmuPlatform): EmuResponse | Promise<EmuResponse>;
  /** The platform's own error answer for an injected fault (never called for `slow`). */
  fault(kind: Exclude<FaultKind, 'slow'>, req: EmuRequest, platform: EmuPlatform, fault: Fault): EmuResponse;
}
