/**
 * Removes secrets and personal data from anything that is about to be logged. Applied by construction
 * to every log line (logger.ts), so a careless `log.info({ account })` cannot leak a token.
 */

const SENSITIVE_KEY = /(token|secret|passw|^pass$|pwd|parola|şifre|sifre|authorization|cookie|credential|api[-_]?key|smtpurl|private)/i;
const REDACTED = '[GİZLİ]';

const PATTERNS: Array<[RegExp, string]> = [
  // credentials (before e-mail addresses, which would eat the host part) inside URLs: scheme://user:pass@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[GİZLİ]@'],
  // e-mail addresses
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, '[E-POSTA]'],
  // bearer tokens and access_token query parameters
  [/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[GİZLİ]'],
  [/((?:access_token|token|key|password)=)[^&\s"]+/gi, '$1[GİZLİ]'],
  // Turkish IBAN
  [/\bTR\s?\d{2}(?:\s?[0-9A-Z]){22}\b/gi, '[IBAN]'],
  // long digit runs: national ids, card and phone numbers written with separators, student numbers
  // (9 digits and more; harmless numbers that long are rare in log lines)
  [/(?<![\p{L}\p{N}])\+?\d(?:[\s().-]?\d){8,18}(?![\p{L}\p{N}])/gu, '[NUMARA]'],
];

export function scrubString(value: string): string {
  let out = value;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Deep copy with sensitive keys replaced and personal data scrubbed from strings. Cycle-safe. */
export function scrub(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (seen.has(value)) return '[döngü]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubString(value.message),
      ...(value.stack ? { stack: scrubString(value.stack) } : {}),
      ...((value as { code?: unknown }).code !== undefined ? { code: (value as { code?: unknown }).code } : {}),
    };
  }
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null ? REDACTED : scrub(v, seen, depth + 1);
  }
  return out;
}
