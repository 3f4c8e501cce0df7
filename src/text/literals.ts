/**
 * Required literals of a regular expression: strings that every match must contain. A rule's
 * regex is then run only on texts that contain them (a few `includes` instead of a scan that tries
 * the pattern at every position). The analysis is deliberately shallow and conservative: anything
 * it does not fully understand simply contributes no requirement, so the pre-check can let a text
 * through needlessly but never rejects a text the regex would match.
 */

/** Each entry is a set of alternatives; a matching text contains at least one string of every set. */
export type RequiredLiterals = readonly (readonly string[])[];

/** Characters that stand for themselves when escaped (`\.`, `\?`, …). */
const ESCAPED_LITERAL = new Set('^$\\.*+?()[]{}|/-'.split(''));
/** Characters with a special meaning outside a class. */
const SYNTAX = new Set('^$\\.*+?()[]{}|'.split(''));

/**
 * Required literals of `source` (compiled with the `u` flag plus `flags`). With the `i` flag or a
 * top-level alternation nothing is required (an empty list).
 */
export function requiredLiterals(source: string, flags = ''): RequiredLiterals {
  if (flags.includes('i')) return [];
  const out: string[][] = [];
  let run = '';
  const flush = (): void => {
    if (run) out.push([run]);
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    // Each branch finds where the element ends and what it requires: one character or a set of strings.
    let literal: string | null = null;
    let alternatives: string[] | null = null;
    let next: number;
    if (ch === '|') return [];
    if (ch === '\\') {
      const c = source[i + 1] ?? '';
      next = escapeEnd(source, i);
      if (ESCAPED_LITERAL.has(c)) literal = c;
    } else if (ch === '[') {
      next = classEnd(source, i);
    } else if (ch === '(') {
      const close = groupEnd(source, i);
      if (close < 0) return [];
      next = close + 1;
      const head = source.slice(i, i + 4);
      const lookaround = head.startsWith('(?=') || head.startsWith('(?!') || head.startsWith('(?<=') || head.startsWith('(?<!');
      if (!lookaround) {
        const bodyStart = source.startsWith('(?:', i) ? i + 3 : source.startsWith('(?<', i) ? source.indexOf('>', i) + 1 : i + 1;
        alternatives = literalAlternatives(source.slice(bodyStart, close));
      }
    } else {
      // With the `u` flag a quantifier applies to a whole code point, surrogate pairs included.
      next = i + (isPairAt(source, i) ? 2 : 1);
      if (!SYNTAX.has(ch)) literal = source.slice(i, next);
    }
    const q = quantifier(source, next);
    if (literal !== null) {
      if (q.min === 0) flush();
      else {
        run += literal;
        // A repeated character ends the run: "ab+c" surely contains "ab", not "abc".
        if (q.end !== next) flush();
      }
    } else {
      flush();
      if (alternatives && q.min > 0) out.push(alternatives);
    }
    i = q.end;
  }
  flush();
  return out;
}

/** True unless `text` lacks every alternative of some required set (then the regex cannot match). */
export function mayMatch(text: string, required: RequiredLiterals): boolean {
  for (const set of required) {
    let found = false;
    for (const s of set) {
      if (text.includes(s)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** `a|bc|d` of plain characters (escaped literals allowed) → the strings; otherwise null. */
function literalAlternatives(body: string): string[] | null {
  const alts: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '|') {
      alts.push(cur);
      cur = '';
    } else if (ch === '\\' && ESCAPED_LITERAL.has(body[i + 1] ?? '')) {
      cur += body[++i];
    } else if (SYNTAX.has(ch)) {
      return null;
    } else cur += ch;
  }
  alts.push(cur);
  // An empty alternative matches anything.
  return alts.every((a) => a.length > 0) ? alts : null;
}

function isPairAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
}

/** Index just past the escape sequence starting at `i` (a backslash). */
function escapeEnd(s: string, i: number): number {
  const c = s[i + 1] ?? '';
  if ((c === 'p' || c === 'P' || c === 'u') && s[i + 2] === '{') {
    const close = s.indexOf('}', i + 3);
    return close < 0 ? s.length : close + 1;
  }
  if (c === 'u') return i + 6;
  if (c === 'x') return i + 4;
  if (c === 'c') return i + 3;
  if (c === 'k' && s[i + 2] === '<') {
    const close = s.indexOf('>', i + 3);
    return close < 0 ? s.length : close + 1;
  }
  if (c >= '1' && c <= '9') {
    let j = i + 2;
    while (j < s.length && s[j]! >= '0' && s[j]! <= '9') j++;
    return j;
  }
  return i + 2;
}

/** Index just past the character class starting at `i` (`[`). */
function classEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== ']') j = s[j] === '\\' ? escapeEnd(s, j) : j + 1;
  return j + 1;
}

/** Index of the `)` closing the group opened at `i`, or -1. */
function groupEnd(s: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < s.length) {
    const ch = s[j];
    if (ch === '\\') j = escapeEnd(s, j);
    else if (ch === '[') j = classEnd(s, j);
    else {
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return j;
      j++;
    }
  }
  return -1;
}

/** The quantifier at `i`, if any: its minimum count and the index after it (lazy `?` included). */
function quantifier(s: string, i: number): { min: number; end: number } {
  const ch = s[i];
  let min = 1;
  let end = i;
  if (ch === '*' || ch === '?') {
    min = 0;
    end = i + 1;
  } else if (ch === '+') end = i + 1;
  else if (ch === '{') {
    const m = /^\{(\d+)(?:,\d*)?\}/.exec(s.slice(i));
    if (m) {
      min = Number(m[1]);
      end = i + m[0].length;
    }
  }
  if (end > i && s[end] === '?') end++;
  return { min, end };
}
