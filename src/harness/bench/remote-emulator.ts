import { fork, type ChildProcess } from 'node:child_process';
import type { EmuPlatform } from '../emulator/types.js';
import type { EmulatorControl } from '../demo/harness.js';
import type { BacklogItem, EmulatorReply, EmulatorRequest } from './emulator-process.js';

type Op = EmulatorRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The emulator running in a child process (emulator-process.ts), driven over IPC. */
export class RemoteEmulator implements EmulatorControl {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (reply: EmulatorReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.value);
      else w.reject(new Error(reply.error));
    });
    child.once('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error('emulator process exited'));
      this.waiting.clear();
    });
  }

  /** Forks the emulator process and waits until it listens. */
  static async start(opts: { youtubeDailyQuota: number }): Promise<RemoteEmulator> {
    // No inherited --cpu-prof and the like: a profile of the worker should be the worker's.
    const child = fork(new URL('./emulator-process.js', import.meta.url), [String(opts.youtubeDailyQuota)], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`emulator process exited (${code})`));
      child.once('error', reject);
      child.once('exit', onExit);
      child.once('message', (reply: EmulatorReply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply.value as string);
        else reject(new Error(reply.error));
      });
    });
    return new RemoteEmulator(child, url);
  }

  private request<T>(op: Op): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...op, id } as EmulatorRequest);
    });
  }

  addAccount(platform: EmuPlatform, name: string): Promise<{ id: string; name: string; token: string }> {
    return this.request({ op: 'addAccount', platform, name });
  }

  addPost(platform: EmuPlatform, accountId: string, text: string): Promise<{ id: string }> {
    return this.request({ op: 'addPost', platform, accountId, text });
  }

  /** Adds every item's posts and comments in one go; resolves with the number of comments added. */
  addBacklog(items: BacklogItem[]): Promise<number> {
    return this.request({ op: 'addBacklog', items });
  }

  calls(): Promise<Record<EmuPlatform, number>> {
    return this.request({ op: 'calls' });
  }

  close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}
