/**
 * Regular expressions from rule files and configuration, run in linear time.
 *
 * Patterns are compiled with RE2 semantics (the `re2js` port: no backtracking, so a match costs
 * time proportional to the text whatever the pattern). Patterns are written in the JavaScript
 * dialect people know; what RE2 cannot run in linear time is rejected when the pattern is
 * compiled, with the index of the offending construct:
 * - backreferences (`\1`, `\k<name>`);
 * - lookahead, except ONE lookahead of a single character at the very end of the pattern
 *   (`…(?![\p{L}\p{N}])`, the usual "not followed by a letter"). That form is rewritten into a
 *   consuming alternative (`(…)(?:[^\p{L}\p{N}]|\z)`) whose first group is the reported match,
 *   and the search resumes at the group's end, which gives the lookahead's exact matches.
 * Captureless lookbehind (`(?<![0-9])`) is kept: re2js runs it in linear time.
 * `\uXXXX` and `\u{…}` are translated to RE2's `\x{…}`.
 */
import { RE2JS, type Matcher } from 're2js';
import type { Span } from '../core/decision.js';
import { lookbehindGate, lookbehindFinder } from './regex-gate.js';
import { literalGate, requiredLiterals } from './literals.js';

/** Why a pattern was refused; `index` is the offset in the pattern source (0-based). */
export interface PatternError {
  message: string;
  index: number;
}

/** A compiled linear-time pattern. Stateless: safe to share between evaluations. */
export interface LinearPattern {
  readonly source: string;
  /** Non-overlapping matches, leftmost first, at most `limit`, as UTF-16 offsets of `text`. */
  findAll(text: string, limit?: number): Span[];
  /** True when the pattern matches somewhere in `text`. */
  test(text: string): boolean;
  /**
   * True when every match holds a required literal (literals.ts), so none is empty: `test` then
   * answers whether `findAll` finds anything.
   */
  readonly nonEmpty: boolean;
}

export type CompileResult = { ok: true; pattern: LinearPattern } | { ok: false; error: PatternError };

/** Flags allowed on a rule or configuration pattern (JavaScript letters). */
const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

/** Compile `source` (JavaScript dialect, `flags` among i, m, s) for linear-time matching. */
export function compileLinear(source: string, flags = ''): CompileResult {
  let bits = 0;
  for (const f of flags) {
    const bit = FLAG_BITS[f];
    if (bit === undefined) return fail(`desteklenmeyen bayrak "${f}"; yalnızca i, m, s (unsupported flag)`, 0);
    bits |= bit;
  }
  const scan = scanPattern(source);
  if ('message' in scan) return { ok: false, error: scan };
  if (scan.hasLookbehind) bits |= RE2JS.LOOKBEHINDS;
  let re: RE2JS;
  try {
    re = RE2JS.compile(scan.translated, bits);
  } catch (e) {
    const fragment = (e as { input?: unknown }).input;
    const at = typeof fragment === 'string' ? source.indexOf(fragment) : -1;
    const detail = (e as { error?: unknown }).error;
    return fail(`geçersiz düzenli ifade (invalid regex): ${typeof detail === 'string' ? detail : (e as Error).message}`, Math.max(0, at));
  }
  const gate = scan.hasLookbehind ? compileGate(scan.translated, bits) : null;
  const finder = scan.hasLookbehind ? compileFinder(scan, bits) : null;
  const required = prefilterReadable(source) ? requiredLiterals(source, flags) : [];
  const literals = { mayMatch: literalGate(required, flags.includes('i')), nonEmpty: required.length > 0 };
  return { ok: true, pattern: new Re2Pattern(source, re, scan.group, literals, gate, finder) };
}

/** The lookbehind-free span finder of a pattern (regex-gate.ts), compiled; null when there is none. */
function compileFinder(scan: Scan, bits: number): Finder | null {
  const f = lookbehindFinder(scan.head, scan.tail, (bits & RE2JS.CASE_INSENSITIVE) !== 0);
  if (!f) return null;
  try {
    const plain = bits & ~RE2JS.LOOKBEHINDS;
    return { first: RE2JS.compile(f.first, plain), later: RE2JS.compile(f.later, plain), width: f.width };
  } catch {
    return null;
  }
}

interface Finder {
  /** Used for the search from offset 0. */
  first: RE2JS;
  /** Used for the searches after a match, started `width` code points before it ended. */
  later: RE2JS;
  width: number;
}

/** The lookbehind-free gate of a pattern (regex-gate.ts), compiled; null when there is none. */
function compileGate(translated: string, bits: number): Gate | null {
  const gate = lookbehindGate(translated, (bits & RE2JS.CASE_INSENSITIVE) !== 0);
  if (!gate) return null;
  try {
    return { re: RE2JS.compile(gate.source, bits & ~RE2JS.LOOKBEHINDS), exact: gate.exact };
  } catch {
    // The gate is only a speed-up: without it the pattern runs as written.
    return null;
  }
}

interface Gate {
  re: RE2JS;
  exact: boolean;
}

/** `compileLinear` that throws a Turkish `Error` instead of returning the problem. */
export function compileLinearOrThrow(source: string, flags = ''): LinearPattern {
  const r = compileLinear(source, flags);
  if (!r.ok) throw new Error(`${r.error.message} (desenin ${r.error.index + 1}. karakteri)`);
  return r.pattern;
}

/** What the required literals of a pattern (literals.ts) tell before re2js runs. */
interface Literals {
  /** False when a text lacks a string every match contains: then there is no match in it. */
  mayMatch: (text: string) => boolean;
  nonEmpty: boolean;
}

class Re2Pattern implements LinearPattern {
  /**
   * The last text `test` said yes to. A rule asks `test` and then, when the rule matches, `findAll`
   * on the same text: the answer is not computed twice. A cache of a pure function (one string),
   * so the pattern stays safe to share.
   */
  private lastMatched: string | null = null;

  constructor(
    readonly source: string,
    private readonly re: RE2JS,
    /** The group holding the reported match: 0, or 1 when a trailing lookahead was rewritten. */
    private readonly group: 0 | 1,
    private readonly literals: Literals,
    /**
     * For a pattern with lookbehinds (which re2js runs on its NFA only): the same pattern without
     * them, run on the DFA first. It never misses a match of the pattern; when `exact` it also
     * never matches more, so its answer is final.
     */
    private readonly gate: Gate | null = null,
    /**
     * For a pattern that is one leading lookbehind and a lookbehind-free rest: the same matches
     * found without the lookbehind machinery (regex-gate.ts, `lookbehindFinder`), several times faster.
     */
    private readonly finder: Finder | null = null,
  ) {}

  get nonEmpty(): boolean {
    return this.literals.nonEmpty;
  }

  findAll(text: string, limit = Number.POSITIVE_INFINITY): Span[] {
    const out: Span[] = [];
    // Most texts do not match: the capture-free DFA answers that without building a matcher.
    if (text !== this.lastMatched && !this.test(text)) return out;
    // A later match lies after `from` and holds a required literal: without one there, the search
    // for it (re2js tries every remaining position) is skipped.
    const mayFollow = (from: number): boolean => from === 0 || this.literals.mayMatch(text.slice(from));
    const finder = this.finder;
    if (finder) {
      const found = findWithoutLookbehind(finder, text, limit, mayFollow);
      if (found) return found;
    }
    const m = this.re.matcher(text);
    let from = 0;
    while (out.length < limit && from <= text.length && mayFollow(from) && m.find(from)) {
      const start = m.start(this.group);
      const end = m.end(this.group);
      // Empty matches are not evidence; step over them one code point at a time, as `matchAll` does.
      if (end > start) out.push({ start, end });
      from = end > start ? end : nextCodePoint(text, Math.max(end, from));
    }
    return out;
  }

  test(text: string): boolean {
    if (text === this.lastMatched) return true;
    if (!this.literals.mayMatch(text)) return false;
    const gate = this.gate;
    const found = gate === null ? this.re.test(text) : gate.re.test(text) && (gate.exact || this.re.test(text));
    if (found) this.lastMatched = text;
    return found;
  }
}

/** `findAll` through a lookbehind finder: group 1 of `first`/`later` is the pattern's match. */
function findWithoutLookbehind(f: Finder, text: string, limit: number, mayFollow: (from: number) => boolean): Span[] | null {
  const out: Span[] = [];
  const first = f.first.matcher(text);
  let later: Matcher | null = null;
  let from = 0;
  while (out.length < limit && from <= text.length && mayFollow(from)) {
    const m = from === 0 ? first : (later ??= f.later.matcher(text));
    // The looked-at characters end where the match may begin: step back over them.
    if (!m.find(from === 0 ? 0 : backCodePoints(text, from, f.width))) break;
    const start = m.start(1);
    const end = m.end(1);
    // Cannot happen (see lookbehindFinder); if it did, the caller searches the plain way.
    if (start < from) return null;
    if (end > start) out.push({ start, end });
    from = end > start ? end : nextCodePoint(text, Math.max(end, from));
  }
  return out;
}

/** The offset `n` code points before `i` (or 0). */
function backCodePoints(s: string, i: number, n: number): number {
  for (let k = 0; k < n && i > 0; k++) {
    i--;
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const d = s.charCodeAt(i - 1);
      if (d >= 0xd800 && d <= 0xdbff) i--;
    }
  }
  return i;
}

function nextCodePoint(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return i + 2;
  }
  return i + 1;
}

function fail(message: string, index: number): CompileResult {
  return { ok: false, error: { message, index } };
}

interface Scan {
  translated: string;
  hasLookbehind: boolean;
  group: 0 | 1;
  /** The part whose match is reported (group `group`), and what follows it (a rewritten lookahead or ''). */
  head: string;
  tail: string;
}

const LOOKAHEAD_MSG = 'ileri bakma (lookahead) doğrusal zamanda çalışmaz; yalnızca desenin sonunda tek karakterlik (?!…) ya da (?=…) kullanılabilir';

/**
 * One pass over the pattern: find backreferences and lookaheads (with their index), translate
 * `\u` escapes, and rewrite a trailing single-character lookahead.
 */
function scanPattern(src: string): Scan | PatternError {
  let out = '';
  let depth = 0;
  let topLevelAlternation = false;
  let hasLookbehind = false;
  let lookahead: { index: number; outIndex: number; negative: boolean } | null = null;
  let i = 0;
  // A lookahead that turns out not to end the pattern is rewritten in place into a consuming
  // alternative (approximate: the character it looked at becomes part of the match).
  const inlineCandidate = (): PatternError | null => {
    if (!lookahead) return null;
    const body = out.slice(lookahead.outIndex + 3, -1);
    const form = inlineLookahead(lookahead.negative, body);
    if (form === null) return { message: LOOKAHEAD_MSG, index: lookahead.index };
    out = out.slice(0, lookahead.outIndex) + form;
    lookahead = null;
    return null;
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (lookahead && depth === 0) {
      const err = inlineCandidate();
      if (err) return err;
    }
    if (ch === '\\') {
      const esc = escapeAt(src, i);
      if ('message' in esc) return esc;
      out += esc.text;
      i = esc.end;
      continue;
    }
    if (ch === '[') {
      const end = classEndAt(src, i);
      let body = '';
      for (let j = i; j < end;) {
        if (src[j] === '\\') {
          const esc = escapeAt(src, j);
          if ('message' in esc) return esc;
          body += esc.text;
          j = esc.end;
        } else body += src[j++];
      }
      out += body;
      i = end;
      continue;
    }
    if (ch === '(') {
      if (src.startsWith('(?=', i) || src.startsWith('(?!', i)) {
        if (lookahead || depth > 0) {
          // Not the pattern's last element: rewrite it at once.
          const close = lookaheadEnd(src, i);
          if (close < 0) return { message: LOOKAHEAD_MSG, index: i };
          let body = '';
          for (let j = i + 3; j < close;) {
            if (src[j] === '\\') {
              const esc = escapeAt(src, j);
              if ('message' in esc) return esc;
              body += esc.text;
              j = esc.end;
            } else body += src[j++];
          }
          const form = inlineLookahead(src[i + 2] === '!', body);
          if (form === null) return { message: LOOKAHEAD_MSG, index: i };
          out += form;
          i = close + 1;
          continue;
        }
        lookahead = { index: i, outIndex: out.length, negative: src[i + 2] === '!' };
      } else if (src.startsWith('(?<=', i) || src.startsWith('(?<!', i)) hasLookbehind = true;
      depth++;
    } else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) topLevelAlternation = true;
    out += ch;
    i++;
  }
  if (lookahead && topLevelAlternation) {
    const err = inlineCandidate();
    if (err) return err;
  }
  if (!lookahead) return { translated: out, hasLookbehind, group: 0, head: out, tail: '' };
  // The lookahead closed the pattern: `out` ends with `(?=` / `(?!` + one atom + `)`.
  const body = out.slice(lookahead.outIndex + 3, -1);
  const head = out.slice(0, lookahead.outIndex);
  const complement = lookahead.negative ? complementAtom(body) : isSingleAtom(body) ? body : null;
  if (complement === null || head === '' || topLevelAlternation) return { message: LOOKAHEAD_MSG, index: lookahead.index };
  const tail = lookahead.negative ? `(?:${complement}|\\z)` : `(?:${complement})`;
  return { translated: `(${head})${tail}`, hasLookbehind, group: 1, head, tail };
}

/** `(?!C)` as `(?:[^C]|\z)`, `(?=C)` as `(?:C)`, for a single-character atom C; null otherwise. */
function inlineLookahead(negative: boolean, atom: string): string | null {
  const complement = complementAtom(atom);
  if (complement === null) return null;
  return negative ? `(?:${complement}|\\z)` : `(?:${atom})`;
}

/** Index of the `)` closing the lookahead opened at `i`, when its body is one class or escape or character. */
function lookaheadEnd(src: string, i: number): number {
  let j = i + 3;
  if (src[j] === '[') j = classEndAt(src, j);
  else if (src[j] === '\\') {
    const esc = escapeAt(src, j);
    if ('message' in esc) return -1;
    j = /^\\[pP]\{/.test(src.slice(j, j + 3)) ? src.indexOf('}', j) + 1 : esc.end;
  } else j += 1;
  return src[j] === ')' ? j : -1;
}

/** The escape at `i` (a backslash), translated to RE2, or the reason it is refused. */
function escapeAt(src: string, i: number): { text: string; end: number } | PatternError {
  const c = src[i + 1] ?? '';
  if (c >= '1' && c <= '9') return { message: 'geri başvuru (backreference) doğrusal zamanda çalışmaz, desteklenmiyor', index: i };
  if (c === 'k' && src[i + 2] === '<') return { message: 'adlı geri başvuru (\\k<…>) desteklenmiyor (backreference)', index: i };
  if (c === 'u') {
    if (src[i + 2] === '{') {
      const close = src.indexOf('}', i + 3);
      if (close > i + 3) return { text: `\\x{${src.slice(i + 3, close)}}`, end: close + 1 };
    } else if (/^[0-9A-Fa-f]{4}$/.test(src.slice(i + 2, i + 6))) return { text: `\\x{${src.slice(i + 2, i + 6)}}`, end: i + 6 };
    return { message: 'geçersiz \\u kaçışı (invalid \\u escape)', index: i };
  }
  // RE2 has no `\/` but accepts any escaped punctuation; `\0` is NUL in JavaScript.
  if (c === '0') return { text: '\\x{0}', end: i + 2 };
  return { text: src.slice(i, i + 2), end: i + 2 };
}

/** Index just past the class opened at `i`; `]` right after `[` or `[^` is a literal. */
function classEndAt(src: string, i: number): number {
  let j = i + 1;
  if (src[j] === '^') j++;
  if (src[j] === ']') j++;
  while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
  return Math.min(src.length, j + 1);
}

const SHORTHAND_COMPLEMENT: Record<string, string> = { d: 'D', D: 'd', w: 'W', W: 'w', s: 'S', S: 's' };

/** One character class, shorthand or literal character (already translated to RE2). */
function isSingleAtom(a: string): boolean {
  return complementAtom(a) !== null;
}

/** The class matching exactly the characters `a` does not, or null when `a` is not one atom. */
function complementAtom(a: string): string | null {
  if (a.startsWith('[') && a.endsWith(']') && classEndAt(a, 0) === a.length) {
    return a[1] === '^' ? `[${a.slice(2)}` : `[^${a.slice(1)}`;
  }
  if (a.length === 2 && a[0] === '\\') {
    const s = SHORTHAND_COMPLEMENT[a[1]!];
    if (s) return `\\${s}`;
    if (/[^A-Za-z0-9]/.test(a[1]!)) return `[^${a}]`;
    return null;
  }
  const prop = /^\\([pP])(\{[^}]+\}|[A-Za-z])$/.exec(a);
  if (prop) return `\\${prop[1] === 'p' ? 'P' : 'p'}${prop[2]}`;
  const hex = /^\\x\{[0-9A-Fa-f]+\}$/.test(a);
  if (hex) return `[^${a}]`;
  if ([...a].length === 1 && !'.^$|()[]{}*+?'.includes(a)) return `[^${/[\]\\^-]/.test(a) ? `\\${a}` : a}]`;
  return null;
}

/**
 * RE2-only syntax the literal pre-filter (literals.ts, JavaScript dialect) does not read: with any
 * of it present the pre-filter is skipped rather than risk rejecting a text the pattern matches.
 */
const RE2_ONLY_SYNTAX = /\\(?:x\{|[pP][^{]|[QEACz])|\(\?[imsU-]|\(\?P/;

/** True when the literal pre-filter can read `source` safely. */
export function prefilterReadable(source: string): boolean {
  return !RE2_ONLY_SYNTAX.test(source);
}
