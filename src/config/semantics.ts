/**
 * Checks of meaning that a schema of types cannot express: a cron expression node-cron accepts, an
 * IANA time zone, a regular expression that compiles in linear time, business hours that open before
 * they close. They run at `config check` and at every start (both go through `loadConfig`), so a value
 * that would break the worker later stops it before anything starts.
 */
import cron from 'node-cron';
import { compileLinear } from '../text/regex.js';
import type { FileConfig } from './schema.js';

/** One problem, by path in the file (or the environment variable name as a one-element path). */
export interface SemanticIssue {
  path: string[];
  message: string;
}

/** Log levels pino knows, also accepted from BEKCI_LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every problem of meaning in an already type-checked configuration. */
export function semanticIssues(config: FileConfig, env: { BEKCI_LOG_LEVEL?: string | undefined }): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  for (const [path, expr] of [
    [['worker', 'tickCron'], config.worker.tickCron],
    [['routing', 'digestCron'], config.routing.digestCron],
  ] as const) {
    const why = cronProblem(expr);
    if (why) issues.push({ path: [...path], message: `geçersiz cron ifadesi "${expr}": ${why}` });
  }
  if (!isTimeZone(config.university.timezone)) {
    issues.push({
      path: ['university', 'timezone'],
      message: `bilinmeyen saat dilimi "${config.university.timezone}" (IANA adı olmalı, örn. Europe/Istanbul)`,
    });
  }
  const pattern = compileLinear(config.privacy.studentNumberPattern);
  if (!pattern.ok) {
    issues.push({ path: ['privacy', 'studentNumberPattern'], message: `${pattern.error.message} (desenin ${pattern.error.index + 1}. karakteri)` });
  }
  const { start, end } = config.routing.businessHours;
  if (start >= end) {
    issues.push({ path: ['routing', 'businessHours'], message: `mesai başlangıcı (${start}) bitişinden (${end}) önce olmalı; aksi halde hiçbir süre işlemez` });
  }
  if (!/^(file:|postgres(ql)?:\/\/)/.test(config.database.url)) {
    issues.push({ path: ['database', 'url'], message: 'file:… (SQLite) ya da postgresql://… olmalı' });
  }
  const ids = new Set<string>();
  config.units.forEach((u, i) => {
    if (ids.has(u.id)) issues.push({ path: ['units', String(i), 'id'], message: `"${u.id}" birimi birden çok kez tanımlı` });
    ids.add(u.id);
  });
  if (env.BEKCI_LOG_LEVEL !== undefined && !(LOG_LEVELS as readonly string[]).includes(env.BEKCI_LOG_LEVEL)) {
    issues.push({ path: ['BEKCI_LOG_LEVEL'], message: `geçersiz değer "${env.BEKCI_LOG_LEVEL}"; izin verilenler: ${LOG_LEVELS.join(', ')}` });
  }
  return issues;
}

const CRON_FIELDS: Record<string, string> = {
  second: 'saniye',
  minute: 'dakika',
  hour: 'saat',
  dayOfMonth: 'ayın günü',
  month: 'ay',
  dayOfWeek: 'haftanın günü',
};
const CRON_SHAPE = '5 ya da 6 alan olmalı: [saniye] dakika saat ayın-günü ay haftanın-günü';

/** Why node-cron refuses `expr` (in Turkish), or null when it is valid. */
function cronProblem(expr: string): string | null {
  try {
    if (cron.validate(expr)) return null;
    const first = cron.validateDetailed(expr).errors[0];
    const field = first ? CRON_FIELDS[first.field] : undefined;
    return field && first?.value !== undefined ? `${field} alanındaki "${first.value}" geçersiz` : CRON_SHAPE;
  } catch {
    return CRON_SHAPE;
  }
}

/** True for a time zone the runtime's ICU knows (IANA names such as Europe/Istanbul, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
