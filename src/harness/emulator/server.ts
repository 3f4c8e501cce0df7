import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorState } from './state.js';
import { TRANSPORT_FAULTS, type EmuPlatform, type EmuRequest, type EmuResponse, type FaultKind, type PlatformModule, type TransportFault } from './types.js';

const isTransportFault = (kind: FaultKind): kind is TransportFault => (TRANSPORT_FAULTS as readonly string[]).includes(kind);

/**
 * A local HTTP server that answers like the Graph API (Facebook, Instagram), X API v2 and YouTube
 * Data API v3, for the subset the connectors use. Platform modules register themselves; the control
 * API under /__emulator lets tests and the demo create accounts, posts, comments and faults, and read
 * state back.
 */
export class Emulator {
  readonly state = new EmulatorState();
  private server: Server | undefined;
  private closing: Promise<void> | undefined;
  private readonly modules: PlatformModule[];

  /** Each factory builds one platform module over the shared state. */
  constructor(factories: Array<(state: EmulatorState) => PlatformModule>) {
    this.modules = factories.map((make) => make(this.state));
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new Error('emulator is not listening');
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch((err: unknown) => {
        send(res, { status: 500, body: { error: { message: String(err) } } });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  /** Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
    return this.closing;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const token =
      (auth.startsWith('Bearer ') ? auth.slice(7) : undefined) ??
      url.searchParams.get('access_token') ??
      (typeof body?.access_token === 'string' ? body.access_token : undefined) ??
      url.searchParams.get('key') ??
      undefined;
    const emuReq: EmuRequest = { method: req.method ?? 'GET', url, headers: req.headers, body, token };

    if (url.pathname.startsWith('/__emulator/')) return send(res, this.control(emuReq));

    for (const mod of this.modules) {
      const platform = mod.claims(emuReq);
      if (!platform) continue;
      this.state.calls[platform] += 1;
      const fault = this.state.takeFault(platform, emuReq.method);
      if (fault?.kind === 'drop') {
        // Logged as 499 (closed without answer): nothing happened on the platform.
        this.state.requests.push({ platform, method: emuReq.method, path: url.pathname + url.search, status: 499 });
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
      const answer = fault && !isTransportFault(fault.kind) ? mod.fault(fault.kind, emuReq, platform, fault) : await mod.handle(emuReq, platform);
      if (fault?.kind === 'late') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
      if (fault?.kind === 'lost') {
        // Logged with the status the platform meant to send: the request did take effect.
        this.state.requests.push({ platform, method: emuReq.method, path: url.pathname + url.search, status: answer.status });
        req.socket.destroy();
        return;
      }
      if (this.state.requests.length < 200_000) {
        this.state.requests.push({ platform, method: emuReq.method, path: url.pathname + url.search, status: answer.status });
      }
      return send(res, answer);
    }
    send(res, { status: 404, body: { error: { message: `emulator: no route for ${emuReq.method} ${url.pathname}` } } });
  }

  /** The control API: JSON in, JSON out. */
  private control(req: EmuRequest): EmuResponse {
    const s = this.state;
    const b = req.body ?? {};
    const path = req.url.pathname.replace('/__emulator', '');
    const platform = b.platform as EmuPlatform;
    try {
      if (req.method === 'POST' && path === '/accounts') {
        const account = s.addAccount(platform, String(b.name ?? platform), b as { id?: string; token?: string });
        // `tokenTtlSec`: the account gets an expiring token (and a refresh token on YouTube and X).
        const ttl = Number(b.tokenTtlSec ?? 0);
        if (ttl > 0) {
          s.tokenTtlSec[platform] = ttl;
          const issued = s.issueToken(account, ttl, platform === 'youtube' || platform === 'x');
          return {
            status: 200,
            body: {
              ...account,
              ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
              expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
            },
          };
        }
        return { status: 200, body: account };
      }
      if (req.method === 'POST' && path === '/posts') {
        return { status: 200, body: s.addPost(platform, String(b.accountId), String(b.text ?? ''), b.id as string | undefined) };
      }
      if (req.method === 'POST' && path === '/comments') {
        return { status: 200, body: s.addComment(b as Parameters<EmulatorState['addComment']>[0]) };
      }
      const edit = /^\/comments\/([^/]+)$/.exec(path);
      if (edit && req.method === 'PATCH') return { status: 200, body: s.editComment(edit[1]!, String(b.text)) };
      if (edit && req.method === 'GET') {
        const c = s.comments.get(edit[1]!);
        return c ? { status: 200, body: c } : { status: 404, body: { error: 'not found' } };
      }
      if (req.method === 'POST' && path === '/faults') {
        s.addFault(platform, b.kind as FaultKind, Number(b.count ?? 1), b.delayMs === undefined ? undefined : Number(b.delayMs), {
          writesOnly: b.writesOnly === true,
        });
        return { status: 200, body: { ok: true } };
      }
      if (req.method === 'POST' && path === '/revoke') {
        s.revokedTokens.add(String(b.token));
        return { status: 200, body: { ok: true } };
      }
      if (req.method === 'GET' && path === '/stats') {
        return { status: 200, body: { calls: s.calls, comments: [...s.comments.values()] } };
      }
    } catch (err) {
      return { status: 400, body: { error: String(err) } };
    }
    return { status: 404, body: { error: `no control route ${req.method} ${path}` } };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  if (contentType.includes('multipart/form-data')) {
    // The Facebook SDK posts small multipart forms: field name="x"\r\n\r\nvalue
    const out: Record<string, unknown> = {};
    for (const m of raw.matchAll(/name="([^"]+)"\r\n\r\n([\s\S]*?)\r\n--/g)) out[m[1]!] = m[2];
    return out;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function send(res: ServerResponse, r: EmuResponse): void {
  const headers: Record<string, string> = { ...r.headers };
  if (r.body === undefined) {
    res.writeHead(r.status, headers);
    res.end();
    return;
  }
  headers['content-type'] ??= 'application/json; charset=UTF-8';
  res.writeHead(r.status, headers);
  res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
}
