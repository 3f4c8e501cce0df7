import type { Config } from '../config/index.js';
import { RuleEngine } from '../rules/engine.js';
import type { PiiOptions } from '../pii/detect.js';

/** Personal-data detection settings from the configuration (as the worker uses them). */
export function piiOptions(config: Config): PiiOptions {
  return {
    institutionalDomains: config.university.domains,
    institutionalPhones: config.university.phones,
    studentNumberPattern: config.privacy.studentNumberPattern,
  };
}

/**
 * The rule set the console explains with: loaded on first use and reloaded when older than
 * `maxAgeMs`, so edits made on disk (or by the worker's installation) show up without a restart.
 * A failed reload keeps the last good set, as the worker does.
 */
export class RulesHolder {
  private engine: RuleEngine | undefined;
  private loadedAt = 0;
  private loading: Promise<RuleEngine> | undefined;
  constructor(
    private readonly config: Config,
    private readonly maxAgeMs = 10_000,
  ) {}

  async current(): Promise<RuleEngine> {
    if (this.engine && Date.now() - this.loadedAt < this.maxAgeMs) return this.engine;
    this.loading ??= RuleEngine.load(this.config.rules.dir, { pii: piiOptions(this.config) })
      .then((e) => {
        this.engine = e;
        this.loadedAt = Date.now();
        return e;
      })
      .catch((err) => {
        if (this.engine) return this.engine;
        throw err;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Forget the cached set (after a rule file was saved). */
  invalidate(): void {
    this.loadedAt = 0;
  }
}
