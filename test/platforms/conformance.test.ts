import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/harness/emulator/index.js';
import type { EmuAccount, EmuComment, EmuPlatform, EmuPost } from '../../src/harness/emulator/types.js';
import { type Capabilities, type Connector, type ModerationKind, type PlatformEndpoints } from '../../src/platforms/contract.js';
import { createConnector, SUPPORTED_PLATFORMS } from '../../src/platforms/registry.js';
import { platformFailure } from './helpers.js';

/**
 * The same checks over every connector the registry builds, against the full emulator:
 * declared capabilities match behaviour, polls return well-formed RemoteComments, actions change
 * the emulator's state, and an expired token is an `auth` failure.
 */

const emu = createEmulator();
let endpoints: PlatformEndpoints;

beforeAll(async () => {
  const url = await emu.start();
  endpoints = { graphUrl: url, xApiUrl: url, youtubeRootUrl: url };
});
afterAll(() => emu.close());

/** The capability that allows each moderation kind (`publish` undoes a hold). */
const CAPABILITY_OF: Record<ModerationKind, keyof Capabilities> = {
  hide: 'hide',
  unhide: 'unhide',
  delete: 'delete',
  hold: 'hold',
  publish: 'hold',
  reject: 'reject',
};
/** Emulator states each kind may lead to (YouTube hides by holding for review). */
const STATE_AFTER: Record<ModerationKind, Array<EmuComment['state']>> = {
  hide: ['hidden', 'held'],
  unhide: ['visible'],
  delete: ['deleted'],
  hold: ['held'],
  publish: ['visible'],
  reject: ['rejected'],
};
const ORDER: ModerationKind[] = ['hide', 'unhide', 'hold', 'publish', 'reject', 'delete'];

describe('registry', () => {
  it('knows all four platforms and rejects others clearly', () => {
    expect([...SUPPORTED_PLATFORMS].sort()).toEqual(['facebook', 'instagram', 'x', 'youtube']);
    expect(() => createConnector({ platform: 'tiktok' as never, externalId: '1', credentials: { accessToken: 't' } })).toThrow(
      /No connector for platform "tiktok"/,
    );
  });
});

describe.each(['facebook', 'instagram', 'x', 'youtube'] as const)('%s connector conformance', (platform) => {
  let account: EmuAccount;
  let post: EmuPost;
  let connector: Connector;
  const comment = (text: string): EmuComment => emu.state.addComment({ platform, postId: post.id, text, authorName: 'katilimci' });

  beforeAll(() => {
    account = emu.state.addAccount(platform as EmuPlatform, `bekci_${platform}`);
    post = emu.state.addPost(platform, account.id, `${platform} duyurusu`);
    connector = createConnector({ platform, externalId: account.id, credentials: { accessToken: account.token } }, endpoints);
  });

  it('reports its own platform and a complete capability set', () => {
    expect(connector.platform).toBe(platform);
    for (const key of ['hide', 'unhide', 'delete', 'hold', 'reject', 'reply'] as const) expect(typeof connector.capabilities[key]).toBe('boolean');
    expect(connector.capabilities.hide).toBe(connector.capabilities.unhide);
  });

  it('poll returns well-formed RemoteComments and a JSON cursor', async () => {
    const top = comment('Merhaba, kayıtlar ne zaman?');
    const res = await connector.poll(null);
    expect(res.calls).toBeGreaterThanOrEqual(1);
    const found = res.comments.find((c) => c.externalId === top.id);
    expect(found).toBeDefined();
    for (const c of res.comments) {
      expect(typeof c.externalId).toBe('string');
      expect(typeof c.postId).toBe('string');
      expect(typeof c.text).toBe('string');
      expect(c.publishedAt).toBeInstanceOf(Date);
      expect(Number.isNaN(c.publishedAt.getTime())).toBe(false);
      for (const k of ['parentId', 'authorId', 'authorName'] as const) if (c[k] !== undefined) expect(typeof c[k]).toBe('string');
      if (c.updatedAt !== undefined) expect(c.updatedAt).toBeInstanceOf(Date);
      if (c.state !== undefined) expect(['visible', 'hidden', 'held', 'rejected']).toContain(c.state);
    }
    expect(found).toMatchObject({ postId: post.id, text: 'Merhaba, kayıtlar ne zaman?' });
    expect(JSON.parse(JSON.stringify(res.cursor))).toEqual(res.cursor);
    if (platform === 'youtube') expect(res.quotaUnits).toBe(res.calls);
    const again = await connector.poll(JSON.parse(JSON.stringify(res.cursor)));
    expect(again.comments.map((c) => c.externalId)).not.toContain(top.id);
  });

  it('unsupported actions throw invalid without calling the API; supported ones change state', async () => {
    for (const kind of ORDER) {
      const c = kind === 'delete' || kind === 'reject' ? comment(`${kind} için`) : undefined;
      const target =
        c ?? [...emu.state.comments.values()].find((x) => x.platform === platform && x.postId === post.id && x.state !== 'rejected' && x.state !== 'deleted')!;
      const allowed = connector.capabilities[CAPABILITY_OF[kind]];
      const calls = emu.state.calls[platform];
      if (!allowed) {
        expect((await platformFailure(connector.moderate({ externalId: target.id, postId: post.id }, kind))).kind, kind).toBe('invalid');
        expect(emu.state.calls[platform], `${kind} must not call the API`).toBe(calls);
        continue;
      }
      await connector.moderate({ externalId: target.id, postId: post.id }, kind);
      expect(STATE_AFTER[kind], kind).toContain(emu.state.comments.get(target.id)!.state);
    }
  });

  it('reply creates a comment when declared', async () => {
    const c = comment('Yanıt bekliyorum');
    if (!connector.capabilities.reply) {
      expect((await platformFailure(connector.reply({ externalId: c.id, postId: post.id }, 'x'))).kind).toBe('invalid');
      return;
    }
    const { externalId } = await connector.reply({ externalId: c.id, postId: post.id }, 'Bilgi için: oidb@uni.edu.tr');
    expect(emu.state.comments.get(externalId)).toMatchObject({ text: 'Bilgi için: oidb@uni.edu.tr' });
  });

  it('an expired token is an auth failure', async () => {
    emu.state.addFault(platform, 'expired_token');
    expect((await platformFailure(connector.poll(null))).kind).toBe('auth');
  });
});

/**
 * Transport failures, on every connector: a request slower than the configured timeout, a connection
 * dropped before the platform acted, and an answer lost after it acted are all `retryable` (the
 * platform may be back in a minute; nothing is wrong with the request), and the account's own reply
 * can be found again after an answer was lost.
 */
describe.each(['facebook', 'instagram', 'x', 'youtube'] as const)('%s connector under transport failures', (platform) => {
  const TIMEOUT_MS = 300;
  let post: EmuPost;
  let connector: Connector;
  const comment = (text: string): EmuComment => emu.state.addComment({ platform, postId: post.id, text, authorName: 'katilimci' });
  const target = (c: EmuComment) => ({ externalId: c.id, postId: post.id });

  beforeAll(() => {
    const account = emu.state.addAccount(platform as EmuPlatform, `yavas_${platform}`);
    post = emu.state.addPost(platform, account.id, `${platform} duyurusu`);
    connector = createConnector(
      { platform, externalId: account.id, credentials: { accessToken: account.token } },
      { ...endpoints, requestTimeoutMs: TIMEOUT_MS },
    );
  });

  it('a request slower than the configured timeout is retryable, for writes and for polls', async () => {
    const c = comment('yavaş yanıt');
    emu.state.addFault(platform, 'slow', 1, 1500);
    const started = Date.now();
    const err = await platformFailure(connector.moderate(target(c), connector.capabilities.hold ? 'hold' : 'hide'));
    expect(err.kind, err.message).toBe('retryable');
    expect(Date.now() - started).toBeLessThan(1200);
    emu.state.addFault(platform, 'slow', 1, 1500);
    expect((await platformFailure(connector.poll(null))).kind).toBe('retryable');
  });

  it('a request within the timeout just takes longer', async () => {
    const c = comment('biraz yavaş');
    emu.state.addFault(platform, 'slow', 1, 100);
    await connector.moderate(target(c), connector.capabilities.hold ? 'hold' : 'hide');
    expect(['hidden', 'held']).toContain(emu.state.comments.get(c.id)!.state);
  });

  it('a connection dropped without an answer is retryable, and nothing happened', async () => {
    const c = comment('bağlantı koptu');
    emu.state.addFault(platform, 'drop', 1);
    expect((await platformFailure(connector.moderate(target(c), connector.capabilities.hold ? 'hold' : 'hide'))).kind).toBe('retryable');
    expect(emu.state.comments.get(c.id)!.state).toBe('visible');
    emu.state.addFault(platform, 'drop', 1);
    expect((await platformFailure(connector.poll(null))).kind).toBe('retryable');
  });

  it('a reply whose answer was lost is retryable, and findReply finds the reply the platform posted', async () => {
    const c = comment('soru: kayıtlar ne zaman?');
    const text = `Kayıtlar 1 Eylül'de başlıyor (${platform}).`;
    expect(await connector.findReply(target(c), text)).toBeNull();
    emu.state.addFault(platform, 'lost', 1, undefined, { writesOnly: true });
    expect((await platformFailure(connector.reply(target(c), text))).kind).toBe('retryable');
    const posted = [...emu.state.comments.values()].filter((r) => r.parentId === c.id);
    expect(posted.map((r) => r.text)).toEqual([text]);
    expect(await connector.findReply(target(c), text)).toEqual({ externalId: posted[0]!.id });
    expect(await connector.findReply(target(c), 'başka bir yanıt')).toBeNull();
  });

  it('declares its limits: how far a rate limit reaches, and the endpoint of each action', () => {
    expect(['account', 'endpoint']).toContain(connector.limits.rateLimitScope);
    for (const kind of ['hide', 'unhide', 'delete', 'hold', 'publish', 'reject', 'reply'] as const)
      expect(typeof connector.limits.endpointOf(kind)).toBe('string');
    expect(connector.limits.endpointOf('reply')).not.toBe(connector.limits.endpointOf('hide'));
    if (connector.limits.quota) expect(connector.limits.quota.unitsFor('hide')).toBeGreaterThan(0);
  });
});
