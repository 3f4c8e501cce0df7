/**
 * Guard against catastrophic backtracking. `safe-regex2` rejects every pattern its parser cannot
 * read, lookbehinds and named groups included; those have the same star height as a plain group,
 * so they are rewritten to `(?:` for the check only.
 */
import safeRegex from 'safe-regex2';

/** True when `source` has no nested quantifiers that could backtrack exponentially. */
export function isSafePattern(source: string): boolean {
  const probe = source.replace(/\(\?<[=!]/g, '(?:').replace(/\(\?<[A-Za-z_][A-Za-z0-9_]*>/g, '(?:');
  try {
    return safeRegex(probe);
  } catch {
    return false;
  }
}
