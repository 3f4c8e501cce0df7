import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphModule } from '../../src/harness/emulator/graph.js';
import { EDGES, FIELDS } from '../../src/harness/emulator/graph-nodes.js';
import { Emulator } from '../../src/harness/emulator/server.js';
import type { EmulatorState } from '../../src/harness/emulator/state.js';
import type { EmuRequest, PlatformModule } from '../../src/harness/emulator/types.js';
import { createFacebookConnector } from '../../src/platforms/facebook/index.js';
import { createInstagramConnector } from '../../src/platforms/instagram/index.js';
import { api, checkEdge, checkNode, checkParams, spec } from './graph-spec.js';

/** Every Graph request the emulator answers, for checking the connectors' calls against the spec. */
const seen: EmuRequest[] = [];
function recordingGraph(state: EmulatorState): PlatformModule {
  const inner = createGraphModule(state);
  return { ...inner, handle: (req, p) => (seen.push(req), inner.handle(req, p)) };
}

const emu = new Emulator([recordingGraph]);
let url = '';
const s = emu.state;
const page = s.addAccount('facebook', 'Bekci Üniversitesi');
const igUser = s.addAccount('instagram', 'bekci.uni');
const post = s.addPost('facebook', page.id, 'Duyuru');
const media = s.addPost('instagram', igUser.id, 'Kampüs');
const fbTop = s.addComment({ platform: 'facebook', postId: post.id, text: 'Soru', authorName: 'Ali' });
const fbReply = s.addComment({ platform: 'facebook', postId: post.id, text: 'Cevap', parentId: fbTop.id });
const igTop = s.addComment({ platform: 'instagram', postId: media.id, text: 'Güzel', authorName: 'veli' });
s.addComment({ platform: 'instagram', postId: media.id, text: 'Evet', parentId: igTop.id });

beforeAll(async () => {
  url = await emu.start();
});
afterAll(() => emu.close());

async function graph(path: string, token: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${url}/v24.0/${path}${sep}access_token=${encodeURIComponent(token)}`, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const allFields = (type: keyof typeof FIELDS): string => Object.keys(FIELDS[type]).join(',');

describe('graph emulator', () => {
  it('names only fields and edges that exist in the official definitions, with the right types', () => {
    for (const [type, fields] of Object.entries(FIELDS)) {
      for (const name of Object.keys(fields)) expect(spec.types[type]!.fields[name], `${type}.${name}`).toBeDefined();
    }
    for (const [type, edges] of Object.entries(EDGES)) {
      for (const name of Object.keys(edges ?? {})) expect(api(type, 'GET', name), `${type}/${name}`).toBeDefined();
    }
  });

  it('has a validator that catches unofficial fields, parameters and values', () => {
    const errors: string[] = [];
    checkNode('Comment', { id: '1', message: 'x', hidden: true, created_time: '2024-01-01' }, 'c', errors);
    checkParams(api('PagePost', 'GET', 'comments')!, { filter: 'everything', sort: 'new' }, 'p', errors);
    checkParams(api('Page', 'GET', 'feed')!, { fields: 'id,comments{id,text}' }, 'f', errors);
    expect(errors).toHaveLength(5);
  });

  it('emits only official fields with compatible values, for every field it supports', async () => {
    const errors: string[] = [];
    const fbComment = `${allFields('Comment')},parent{${allFields('Comment')}}`;
    const feed = await graph(`${page.id}/feed?fields=${allFields('PagePost')},comments.filter(stream).summary(true){${fbComment}}`, page.token);
    checkEdge('PagePost', feed.body, 'feed', errors);
    const replies = await graph(`${fbTop.id}/comments?fields=${fbComment}`, page.token);
    checkEdge('Comment', replies.body, 'replies', errors);
    checkNode('Page', (await graph(`${page.id}?fields=${allFields('Page')}`, page.token)).body, 'page', errors);

    const igComment = `${allFields('IGComment')},media{${allFields('IGMedia')}},replies{${allFields('IGComment')}}`;
    const mediaList = await graph(`${igUser.id}/media?fields=${allFields('IGMedia')},comments{${igComment}}`, igUser.token);
    checkEdge('IGMedia', mediaList.body, 'media', errors);
    checkNode('IGUser', (await graph(`${igUser.id}?fields=${allFields('IGUser')}`, igUser.token)).body, 'iguser', errors);
    expect(errors).toEqual([]);
    expect(feed.body.data[0].comments.data).toHaveLength(2);
    expect(feed.body.data[0].comments.data.find((c: any) => c.id === fbReply.id).parent.id).toBe(fbTop.id);
    expect(mediaList.body.data[0].comments.data[0].replies.data[0].parent_id).toBe(igTop.id);
  });

  it('pages with absolute next links back to itself, also for nested edges', async () => {
    const p = s.addPost('facebook', page.id, 'Kalabalık');
    for (let i = 0; i < 7; i += 1) s.addComment({ platform: 'facebook', postId: p.id, text: `c${i}` });
    const first = await graph(`${p.id}/comments?limit=3&order=reverse_chronological`, page.token);
    expect(first.body.data).toHaveLength(3);
    expect(first.body.paging.next.startsWith(`${url}/v24.0/${p.id}/comments?`)).toBe(true);
    const texts: string[] = first.body.data.map((c: any) => c.message);
    let next: string | undefined = first.body.paging.next;
    while (next) {
      const body = (await (await fetch(next)).json()) as any;
      texts.push(...body.data.map((c: any) => c.message));
      next = body.paging?.next;
    }
    expect(texts).toEqual(['c6', 'c5', 'c4', 'c3', 'c2', 'c1', 'c0']);

    const nested = await graph(`${p.id}?fields=comments.limit(2){message}`, page.token);
    const link = new URL(nested.body.comments.paging.next);
    expect(link.origin + link.pathname).toBe(`${url}/v24.0/${p.id}/comments`);
    expect(link.searchParams.get('fields')).toBe('message');
  });

  it('answers bad tokens and injected faults like Graph, with usage headers', async () => {
    const ok = await graph(`${page.id}?fields=name`, page.token);
    expect(JSON.parse(ok.headers.get('x-app-usage')!)).toHaveProperty('call_count');
    expect(JSON.parse(ok.headers.get('x-business-use-case-usage')!)[page.id][0]).toMatchObject({ type: 'pages' });

    const bad = await graph(`${page.id}`, 'nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'OAuthException', code: 190, error_subcode: 467 });
    expect(bad.body.error.fbtrace_id).toEqual(expect.any(String));

    s.addFault('instagram', 'rate_limit', 1, 120);
    const limited = await graph(`${igUser.id}/media`, igUser.token);
    expect(limited.body.error.code).toBe(80002);
    const usage = JSON.parse(limited.headers.get('x-business-use-case-usage')!);
    expect(usage[igUser.id][0]).toMatchObject({ type: 'instagram', estimated_time_to_regain_access: 2 });

    s.addFault('facebook', 'server_error');
    expect((await graph(`${page.id}`, page.token)).status).toBe(500);
    const missing = await graph('123', page.token);
    expect(missing.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('every request the connectors make is an official endpoint with official parameters', async () => {
    seen.length = 0;
    const fb = createFacebookConnector({ platform: 'facebook', externalId: page.id, credentials: { accessToken: page.token } }, { graphUrl: url });
    const ig = createInstagramConnector({ platform: 'instagram', externalId: igUser.id, credentials: { accessToken: igUser.token } }, { graphUrl: url });
    for (let i = 0; i < 60; i += 1) s.addComment({ platform: 'facebook', postId: post.id, text: `f${i}` });
    for (let i = 0; i < 60; i += 1) s.addComment({ platform: 'instagram', postId: media.id, text: `i${i}`, parentId: igTop.id });
    await fb.poll(null);
    await ig.poll(null);
    const fbRef = { externalId: fbTop.id, postId: post.id };
    const igRef = { externalId: igTop.id, postId: media.id };
    await fb.moderate(fbRef, 'hide');
    await fb.reply(fbRef, 'ok');
    await fb.moderate(fbRef, 'delete');
    await ig.moderate(igRef, 'hide');
    await ig.moderate(igRef, 'unhide');
    await ig.reply(igRef, 'ok');
    await ig.moderate(igRef, 'delete');

    const errors: string[] = [];
    const typeOf = (id: string, ig: boolean): string =>
      s.accounts.has(`${ig ? 'instagram' : 'facebook'}:${id}`)
        ? ig
          ? 'IGUser'
          : 'Page'
        : s.posts.has(id)
          ? ig
            ? 'IGMedia'
            : 'PagePost'
          : ig
            ? 'IGComment'
            : 'Comment';
    for (const req of seen) {
      const [, id, edge] = /^\/v[\d.]+\/([^/]+)(?:\/([^/]+))?$/.exec(req.url.pathname) ?? [];
      const isIg = req.token === igUser.token;
      const type = typeOf(id!, isIg);
      const endpoint = edge ?? (req.method === 'GET' ? '#get' : req.method === 'POST' ? '#update' : '#delete');
      const a = api(type, req.method, endpoint);
      if (!a) {
        errors.push(`${req.method} ${type}/${endpoint} is not in the official apis`);
        continue;
      }
      const params: Record<string, string> = Object.fromEntries(req.url.searchParams);
      for (const [k, v] of Object.entries(req.body ?? {})) params[k] = String(v);
      checkParams(a, params, `${req.method} ${type}/${endpoint}`, errors);
    }
    expect(errors).toEqual([]);
    expect(seen.length).toBeGreaterThan(10);
  });
});
