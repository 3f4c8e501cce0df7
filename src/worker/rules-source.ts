import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { Logger } from '../logging/logger.js';
import { audit } from '../audit/audit.js';
import type { Judge } from '../moderation/deps.js';
import { RuleEngine } from '../rules/engine.js';
import { formatIssue } from '../rules/engine.js';
import { RuleWatcher } from '../rules/watcher.js';

/** The rule set the worker judges with: always a complete, valid one. */
export interface RulesSource {
  current(): Judge;
  close(): Promise<void> | void;
}

/**
 * Loads the rules and, when `rules.watch` is on, keeps following edits: a valid edit replaces the rule
 * set between two comments (never during one), an invalid edit is reported and the last good set keeps
 * running. Reloads and rejected edits go to the log and the audit log.
 */
export async function openRules(config: Config, logger: Logger, prisma: Prisma, actor: string): Promise<RulesSource> {
  const budgetMs = config.rules.evaluationBudgetMs;
  const pii = {
    institutionalDomains: config.university.domains,
    institutionalPhones: config.university.phones,
    studentNumberPattern: config.privacy.studentNumberPattern,
  };
  const record = (action: string, data: Record<string, unknown>) =>
    void audit(prisma, { actor, action, entityType: 'rules', entityId: config.rules.dir, data }).catch(() => undefined);
  if (!config.rules.watch) {
    const engine = await RuleEngine.load(config.rules.dir, { pii, budgetMs });
    logger.info({ version: engine.version, rules: engine.rules.length }, 'kurallar yüklendi');
    return { current: () => engine, close: () => undefined };
  }
  const watcher = await RuleWatcher.start(config.rules.dir, {
    pii,
    budgetMs,
    onReload: (engine) => {
      logger.info({ version: engine.version, rules: engine.rules.length }, 'kurallar yeniden yüklendi');
      record('rules.reload', { version: engine.version });
    },
    onError: (err, issues) => {
      const details = issues.map(formatIssue);
      logger.error({ problems: details.length ? details : [err.message] }, 'kural dosyası geçersiz; son geçerli kurallar çalışmaya devam ediyor');
      record('rules.reload_failed', { problems: details.length ? details : [err.message] });
    },
  });
  logger.info({ version: watcher.current().version }, 'kurallar yüklendi; değişiklikler izleniyor');
  return watcher;
}
