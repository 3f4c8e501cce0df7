import { createEmulator } from '../emulator/index.js';
import type { EmuPlatform } from '../emulator/types.js';

/**
 * The emulator in a process of its own, for benchmarks: real platforms are remote, so their CPU,
 * garbage collection and event loop must not count against the worker being measured. Started by
 * `RemoteEmulator.start` (remote-emulator.ts) with `fork`; driven over the IPC channel.
 */

/** A new backlog for one account: `posts` posts in all (the first exists), comments spread over them. */
export interface BacklogItem {
  platform: EmuPlatform;
  accountId: string;
  firstPostId: string;
  posts: number;
  comments: Array<{ post: number; text: string; authorName: string; authorId: string }>;
}

export type EmulatorRequest =
  | { id: number; op: 'addAccount'; platform: EmuPlatform; name: string }
  | { id: number; op: 'addPost'; platform: EmuPlatform; accountId: string; text: string }
  | { id: number; op: 'addBacklog'; items: BacklogItem[] }
  | { id: number; op: 'calls' };

export type EmulatorReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Runs in the child: starts the emulator, reports its URL, answers requests until the parent leaves. */
async function main(youtubeDailyQuota: number): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('emulator-process: must be started with fork()');
  const emulator = createEmulator({ youtube: { dailyQuota: youtubeDailyQuota } });
  const url = await emulator.start();
  const state = emulator.state;
  const handle = (req: EmulatorRequest): unknown => {
    switch (req.op) {
      case 'addAccount': {
        const a = state.addAccount(req.platform, req.name);
        return { id: a.id, name: a.name, token: a.token };
      }
      case 'addPost':
        return { id: state.addPost(req.platform, req.accountId, req.text).id };
      case 'addBacklog': {
        // All at once (one synchronous run): the worker never sees half a backlog.
        let added = 0;
        for (const item of req.items) {
          const posts = [item.firstPostId];
          for (let p = 1; p < item.posts; p++) posts.push(state.addPost(item.platform, item.accountId, `duyuru ${p}`).id);
          for (const c of item.comments) {
            state.addComment({ platform: item.platform, postId: posts[c.post]!, text: c.text, authorName: c.authorName, authorId: c.authorId });
            added += 1;
          }
        }
        return added;
      }
      case 'calls':
        return { ...state.calls };
    }
  };
  process.on('message', (req: EmulatorRequest) => {
    try {
      send({ id: req.id, ok: true, value: handle(req) } satisfies EmulatorReply);
    } catch (err) {
      send({ id: req.id, ok: false, error: String(err) } satisfies EmulatorReply);
    }
  });
  // The parent closing the channel (or dying) ends the emulator.
  process.once('disconnect', () => void emulator.close().finally(() => process.exit(0)));
  send({ id: 0, ok: true, value: url } satisfies EmulatorReply);
}

if (process.send) await main(Number(process.argv[2] ?? 1_000_000));
