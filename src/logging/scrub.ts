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
];

/**
 * Runs of 9 to 19 digits, possibly written with separators; part of a word or identifier (letters,
 * digits or `_` around it, as in the migration `20261122000000_init`) is not a run.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}_])\+?\d(?:[\s().-]?\d){8,18}(?![\p{L}\p{N}_])/gu;

export function scrubString(value: string): string {
  let out = value;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out.replace(DIGIT_RUN, (written) => (looksPersonal(written) ? '[NUMARA]' : written));
}

/**
 * Whether a digit run may identify a person: anything written for people to read (separators or a
 * leading +, as phone and card numbers are), 9 to 11 digits (student numbers, phones, national
 * ids), +90 phones, a card number with a valid Luhn digit. Longer numbers (millisecond timestamps,
 * platform ids) stay readable. The card check mirrors pii/validators.ts, which this layer may not
 * import.
 */
function looksPersonal(written: string): boolean {
  if (!/^\d+$/.test(written)) return true;
  const n = written.length;
  // 9 to 11 digits: student numbers, phones, national ids, and numbers that only look like one (a
  // mistyped national id is still someone's): always masked.
  if (n <= 11) return true;
  if (n === 12) return written.startsWith('90');
  // Card numbers: a scheme prefix (Visa, Mastercard, Amex, Troy, …) and a valid Luhn digit.
  return /^(?:[2-6]|9792)/.test(written) && luhnValid(written);
}

function luhnValid(d: string): boolean {
  let sum = 0;
  for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let x = d.charCodeAt(i) - 48;
    if (dbl && (x *= 2) > 9) x -= 9;
    sum += x;
  }
  return sum % 10 === 0;
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
