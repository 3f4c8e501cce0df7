/**
 * Hot reload of the rules directory. The holder always serves a complete, valid engine: a new
 * engine replaces the old one only after it loaded entirely, so evaluations never see a
 * half-loaded set; an invalid edit keeps the last good rules and is reported through `onError`.
 */
import { watch, type FSWatcher } from 'node:fs';
import { RuleEngine, type EngineOptions } from './engine.js';
import { RuleLoadError, type RuleIssue } from './parse.js';

export interface RuleWatcherOptions extends EngineOptions {
  /** Quiet period after the last file event before reloading (ms, default 200). */
  debounceMs?: number;
  /** A new rule set is in force. */
  onReload?: (engine: RuleEngine) => void;
  /** An edit could not be loaded; the previous rules stay in force. */
  onError?: (err: Error, issues: RuleIssue[]) => void;
}

export class RuleWatcher {
  private engine: RuleEngine;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> = Promise.resolve();
  private pending = false;
  private closed = false;

  private constructor(
    readonly dir: string,
    initial: RuleEngine,
    private readonly opts: RuleWatcherOptions,
  ) {
    this.engine = initial;
  }

  /** Load the rules (throws if the initial set is invalid) and start watching. */
  static async start(dir: string, opts: RuleWatcherOptions = {}): Promise<RuleWatcher> {
    const w = new RuleWatcher(dir, await RuleEngine.load(dir, opts), opts);
    w.watcher = watch(dir, { recursive: true }, () => w.schedule());
    w.watcher.on('error', (e) => opts.onError?.(e, []));
    return w;
  }

  /** The engine in force; always complete and valid. */
  current(): RuleEngine {
    return this.engine;
  }

  /** Reload now (also used by the debounced watcher). Resolves when this reload finished. */
  reload(): Promise<void> {
    if (this.closed) return this.loading;
    // Serialise reloads: a change during a load triggers one more load afterwards.
    if (this.pending) return this.loading;
    this.pending = true;
    this.loading = this.loading.then(async () => {
      this.pending = false;
      if (this.closed) return;
      try {
        const next = await RuleEngine.load(this.dir, this.opts);
        if (this.closed) return;
        if (next.version !== this.engine.version) {
          this.engine = next;
          this.opts.onReload?.(next);
        }
      } catch (e) {
        const err = e as Error;
        this.opts.onError?.(err, e instanceof RuleLoadError ? e.issues : []);
      }
    });
    return this.loading;
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, this.opts.debounceMs ?? 200);
  }

  /** Stop watching. Idempotent; waits for a reload in progress. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.watcher?.close();
      this.watcher = null;
    }
    await this.loading;
  }
}
