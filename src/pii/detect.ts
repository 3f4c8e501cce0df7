/**
 * Personal-data recognisers in the Presidio style: a bounded pattern finds candidates, a validator
 * (checksum or number plan) decides. A validated finding is certain (confidence 1); a format-only
 * finding is weaker and is meant for human review.
 */
import type { PiiFinding, PiiType } from '../core/decision.js';
import { lowerTr } from '../text/chars.js';
import { MAX_INPUT_CHARS } from '../text/normalize.js';
import { compileLinearOrThrow, type LinearPattern } from '../text/regex.js';
import { contextStudentNumbers, postalAddresses } from './context.js';
import { classifyTrPhone, isValidCard, isValidTckn, isValidTrIban, nationalNumber } from './validators.js';

/** Options of the personal-data detectors; usually filled from the configuration. */
export interface PiiOptions {
  /** The university's own domains: addresses there are institutional, not personal. */
  institutionalDomains?: string[];
  /** The university's own numbers (switchboard, call centre), written in any format. */
  institutionalPhones?: string[];
  /** Regular expression (source) of the institution's student numbers. */
  studentNumberPattern?: string;
}

const IBAN_RE = /(?<![0-9A-Za-z])TR[ ]?[0-9]{2}(?:[ -]?[0-9A-Za-z]){22}(?![0-9A-Za-z])/gi;
const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:[\p{L}\p{N}-]{1,63}\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}])/gu;
const CARD_RE = /(?<![0-9][ -]?)[0-9](?:[ -]?[0-9]){12,18}(?![ -]?[0-9])/g;
const TCKN_RE = /(?<![0-9])[1-9][0-9]{10}(?![0-9])/g;
const PHONE_RE = /(?<![0-9+][ .-]?)(?:(?:\+|00)[ ]?90[ .-]?)?(?:\(?0\)?[ .-]?)?\(?[2-9][0-9]{2}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{2}[ .-]?[0-9]{2}(?![ .-]?[0-9])/g;
const UAN_RE = /(?<![0-9][ .-]?)444[ .-]?[0-9](?:[ .-]?[0-9]){3}(?![ .-]?[0-9])/g;
const CREDENTIAL_RE =
  /(?<![\p{L}])(?:şifre(?:m|miz|si|niz)?|sifre(?:m|miz|si|niz)?|parola(?:m|mız|sı)?|password|passwd|pass|pwd|pin(?: kodu(?:m)?)?)(?:[ ]*(?:[:=]|->|=>)[ ]*|[ ]+(?:de |da |ise |olarak )?)([^\s]{4,64})/gu;
const CREDENTIAL_HINT = /[şsŞS][iİI]FRE|[şs]ifre|parola|pass|pwd|pin/i;
const ADDRESS_HINT = /ma?h|cad|cd\.|sok|sk\.|bulv|blv|apt|apartman|no\s*[:.]?\s*[0-9]|daire|kat\s*[:.]?\s*[0-9]/iu;
const STUDENT_CONTEXT = /öğrenci|ogrenci|numara|no\b/u;

/** Fewest ASCII digits a card, T.C. kimlik, phone or 444 number can have (13, 11, 10, 7). */
const MIN_DIGITS = { card: 13, tckn: 11, phone: 10, uan: 7 } as const;

/** Longer than any single finding (an e-mail address is at most ~600 characters). */
const WINDOW_OVERLAP = 1000;
/** Characters before a window's first accepted offset, so look-behind checks see real context. */
const WINDOW_CONTEXT = 64;

/**
 * Find personal data in `text`, ALL of it (redaction must not stop at the matching length cap).
 * Findings are ordered by offset and never overlap. Texts longer than one window are scanned in
 * overlapping windows of `MAX_INPUT_CHARS`; each window keeps only findings that START in its own
 * stretch, and the overlap is longer than any finding, so every finding is seen whole exactly once.
 */
export function detectPersonalData(text: string, opts: PiiOptions = {}): PiiFinding[] {
  if (text.length <= MAX_INPUT_CHARS) return detectWindow(text, opts);
  const step = MAX_INPUT_CHARS - WINDOW_OVERLAP - WINDOW_CONTEXT;
  const found: PiiFinding[] = [];
  for (let start = 0; start < text.length; start += step) {
    const from = Math.max(0, start - WINDOW_CONTEXT);
    const last = start + step >= text.length;
    for (const f of detectWindow(text.slice(from, from + MAX_INPUT_CHARS), opts)) {
      const shifted = { ...f, start: f.start + from, end: f.end + from };
      if (shifted.start >= start && (last || shifted.start < start + step)) add(found, shifted);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function detectWindow(text: string, opts: PiiOptions): PiiFinding[] {
  const src = text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
  const found: PiiFinding[] = [];
  // Counting digits once lets texts with too few of them skip the number recognisers entirely.
  const digits = countDigits(src);
  // Derived lazily: most comments contain no e-mail, phone or student number.
  let lower: string | undefined;
  let ownPhones: Set<string> | undefined;
  const isOwnPhone = (nsn: string): boolean => (ownPhones ??= new Set((opts.institutionalPhones ?? []).map(nationalNumber))).has(nsn);

  if (digits > 0 && /tr ?[0-9]/i.test(src)) {
    for (const m of src.matchAll(IBAN_RE)) {
      if (isValidTrIban(m[0].replace(/[ -]/g, ''))) add(found, hit('iban', m.index, m[0].length, true));
    }
  }
  if (src.includes('@') && /[^\s@]@[^\s@]+\./u.test(src)) {
    const domains = (opts.institutionalDomains ?? []).map((d) => d.toLowerCase().replace(/^@/, ''));
    for (const m of src.matchAll(EMAIL_RE)) {
      const domain = (m[0].split('@')[1] ?? '').toLowerCase();
      if (domains.some((d) => domain === d || domain.endsWith('.' + d))) continue;
      add(found, hit('email', m.index, m[0].length, true));
    }
  }
  if (CREDENTIAL_HINT.test(src)) {
    lower = lowerTr(src);
    for (const m of lower.matchAll(CREDENTIAL_RE)) {
      const secret = (m[1] as string).replace(/[.,;!?)]+$/u, '');
      if (secret.length < 4 || (!/[0-9!#$%&*._-]/.test(secret) && !/[:=]/.test(m[0]))) continue;
      add(found, hit('credential', m.index + m[0].length - (m[1] as string).length, secret.length, false, 0.9));
    }
  }
  if (digits === 0) return found.sort((a, b) => a.start - b.start);
  // Validated numbers first (they win overlaps), then the context-found ones.
  const contextual = digits >= 5 ? contextStudentNumbers(src) : [];
  const addresses = digits >= 1 && ADDRESS_HINT.test(src) ? postalAddresses(src) : [];
  if (digits >= MIN_DIGITS.card) {
    for (const m of src.matchAll(CARD_RE)) {
      if (isValidCard(m[0].replace(/[ -]/g, ''))) add(found, hit('card', m.index, m[0].length, true));
    }
  }
  if (digits >= MIN_DIGITS.tckn) {
    for (const m of src.matchAll(TCKN_RE)) {
      if (isValidTckn(m[0])) add(found, hit('tckn', m.index, m[0].length, true));
    }
  }
  if (opts.studentNumberPattern) {
    for (const m of studentPattern(opts.studentNumberPattern).findAll(src)) {
      lower ??= lowerTr(src);
      const before = lower.slice(Math.max(0, m.start - 40), m.start);
      add(found, hit('student_number', m.start, m.end - m.start, false, STUDENT_CONTEXT.test(before) ? 0.9 : 0.6));
    }
  }
  if (digits >= MIN_DIGITS.phone) {
    for (const m of src.matchAll(PHONE_RE)) {
      const nsn = nationalNumber(m[0]);
      const kind = classifyTrPhone(nsn);
      if (!kind || isOwnPhone(nsn)) continue;
      add(found, phoneHit(kind, m.index, m[0].length));
    }
  }
  if (digits >= MIN_DIGITS.uan) {
    for (const m of src.matchAll(UAN_RE)) {
      if (isOwnPhone(nationalNumber(m[0]))) continue;
      add(found, phoneHit('business', m.index, m[0].length));
    }
  }
  for (const f of contextual) add(found, f);
  for (const f of addresses) addAddress(found, f);
  return found.sort((a, b) => a.start - b.start);
}

/** An address may contain a house number the phone or student recognisers did not take; it replaces nothing validated. */
function addAddress(found: PiiFinding[], f: PiiFinding): void {
  for (const g of found) if (f.start < g.end && g.start < f.end && g.validated) return;
  for (let i = found.length - 1; i >= 0; i--) {
    const g = found[i] as PiiFinding;
    if (f.start < g.end && g.start < f.end) found.splice(i, 1);
  }
  found.push(f);
}

/** Keep `f` unless it overlaps an earlier finding (earlier recognisers win). */
function add(found: PiiFinding[], f: PiiFinding): void {
  for (const g of found) if (f.start < g.end && g.start < f.end) return;
  found.push(f);
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function hit(type: PiiType, start: number, length: number, validated: boolean, confidence = 1): PiiFinding {
  return { type, start, end: start + length, validated, confidence: validated ? 1 : confidence };
}

/** Mobiles are certain; landlines may be a shop's; 444/0850/0800 numbers are businesses'. */
function phoneHit(kind: 'mobile' | 'fixed' | 'business', start: number, length: number): PiiFinding {
  const f = hit('phone', start, length, kind === 'mobile', kind === 'fixed' ? 0.6 : 0.3);
  f.subtype = kind;
  return f;
}

const studentCache = new Map<string, LinearPattern>();

/**
 * Compile the configured student-number pattern once, in linear time (see text/regex.ts); a
 * pattern that cannot be compiled throws (configuration validation rejects it before start).
 */
export function studentPattern(pattern: string): LinearPattern {
  let re = studentCache.get(pattern);
  if (!re) {
    try {
      re = compileLinearOrThrow(pattern);
    } catch (e) {
      throw new Error(`Öğrenci numarası deseni kullanılamıyor: ${(e as Error).message}`);
    }
    studentCache.set(pattern, re);
  }
  return re;
}
