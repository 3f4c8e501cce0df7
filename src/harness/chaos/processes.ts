import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI the campaign runs (dist/cli/main.js next to dist/harness). */
export const CLI_ENTRY = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/**
 * One long-running bekci process of the campaign (`bekci start`, `bekci mail send`), started again
 * after every kill. Exits the campaign did not cause are counted: a process that dies by itself is a
 * finding too.
 */
export class ChaosProcess {
  private child: ChildProcess | undefined;
  private expectingExit = false;
  starts = 0;
  kills = 0;
  unexpectedExits = 0;
  /** The end of the process's error output (for a report when something goes wrong). */
  stderrTail = '';

  constructor(
    readonly name: string,
    /** Prefix of the worker id (BEKCI_WORKER_ID); each start gets its own, as a new pid would. */
    private readonly idPrefix: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    /** What the process writes to stderr once it is up and working (its start-up log line). */
    private readonly readyPattern: RegExp,
  ) {}

  private ready: Promise<boolean> = Promise.resolve(false);

  /** The worker id of the current (last started) process: its mail claims and leases carry it. */
  get workerId(): string {
    return `${this.idPrefix}-${this.starts}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    this.expectingExit = false;
    this.starts += 1;
    const child = spawn(process.execPath, [CLI_ENTRY, ...this.args], {
      env: { ...this.env, BEKCI_WORKER_ID: this.workerId },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let seen = '';
    let markReady: (ok: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    child.stderr!.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      if (seen.length < 100_000) {
        seen += text;
        if (this.readyPattern.test(seen)) markReady(true);
      }
    });
    child.once('exit', () => markReady(false));
    child.once('exit', () => {
      if (this.child !== child) return;
      if (!this.expectingExit) {
        this.unexpectedExits += 1;
        // Started again at once, like a supervisor would.
        this.start();
      }
    });
    this.child = child;
  }

  /** Resolves true once the last started process is up (false when it exited first or after `timeoutMs`). */
  whenReady(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return Promise.race([this.ready, timeout]).finally(() => clearTimeout(timer));
  }

  /** SIGKILL without waiting (the campaign itself is being interrupted). */
  killNow(): void {
    this.expectingExit = true;
    this.child?.kill('SIGKILL');
  }

  /** SIGKILL (no chance to finish anything), then waits for the process to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectingExit = true;
    this.kills += 1;
    await this.signal(child, 'SIGKILL');
  }

  /** SIGTERM (a clean shutdown); SIGKILL after `graceMs`. Returns the exit code (null when it had to be killed). */
  async stop(graceMs = 20_000): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    this.expectingExit = true;
    const exited = this.signal(child, 'SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
    return child.exitCode;
  }

  private signal(child: ChildProcess, sig: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(sig);
    return gone;
  }
}
