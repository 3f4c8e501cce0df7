import type { Config } from '../config/index.js';
import { detectPersonalData } from '../pii/index.js';

/** Personal data found in a request: types and counts only, never the values. */
export interface PiiSummary {
  type: string;
  count: number;
}

/**
 * Scans the texts of a mail request (subject, body, attachment) with the rule engine's personal-data
 * detectors. Institutional domains, phones and the student number pattern come from the configuration.
 */
export function scanRequestText(config: Pick<Config, 'university' | 'privacy'>, texts: Array<string | null | undefined>): PiiSummary[] {
  const opts = {
    institutionalDomains: config.university.domains,
    institutionalPhones: config.university.phones,
    studentNumberPattern: config.privacy.studentNumberPattern,
  };
  const counts = new Map<string, number>();
  for (const t of texts) {
    if (!t) continue;
    for (const f of detectPersonalData(t, opts)) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count }));
}

/** The stored summary as a typed list (tolerates null/garbage). */
export function piiOf(stored: unknown): PiiSummary[] {
  return Array.isArray(stored) ? (stored as PiiSummary[]).filter((x) => x && typeof x.type === 'string') : [];
}
