/**
 * A lookbehind-free "gate" for a pattern with lookbehinds.
 *
 * re2js runs a pattern with lookbehinds only on its NFA (several times slower than its DFA), and
 * most comments do not match most rule patterns. The gate is the same pattern (RE2 syntax) with
 * every lookbehind rewritten or removed, so re2js can answer "is there a match at all?" on its DFA:
 * - a lookbehind that stands where nothing can have been consumed yet (the start of the pattern,
 *   of a top-level branch, or of an unrepeated group in such a place) becomes consuming:
 *   `(?<=L)` → `(?:L)`, and `(?<!C)` for one character class C → `(?:\A|[^C])`. For the question
 *   "does the pattern match somewhere?" this is an exact equivalent (a match of the original at p
 *   is a match of the gate starting at p minus the looked-at text, and back);
 * - any other lookbehind is dropped: removing an assertion only widens the language.
 *
 * Invariant: when the original matches a text, so does the gate (the gate never hides a match).
 * When every lookbehind was rewritten and the pattern sets no case-insensitive flag, the gate is
 * `exact`: it matches exactly the texts the original matches, so its answer is final.
 */

/**
 * RE2-only syntax whose extent the readers here do not follow: `\Q…\E` quoting, `\C`, and POSIX
 * classes (`[[:alpha:]]`, `[[:^digit:]]`). Only the POSIX form itself: a class that merely starts
 * with a colon (`[:=]`, "a colon or an equals sign") is an ordinary class and is read.
 */
const UNREAD_SYNTAX = /\\[QEC]|\[:\^?[A-Za-z]+:\]/;

/** The gate of a pattern, or null when the pattern uses syntax the rewriter does not read. */
export interface PatternGate {
  /** RE2-syntax pattern without lookbehinds. */
  source: string;
  /** True when the gate matches exactly the texts the original pattern matches. */
  exact: boolean;
}

/**
 * Build the gate of `src` (RE2 syntax, as produced by the pattern scanner). `caseInsensitive` is
 * the `i` flag of the whole pattern: a gate of such a pattern is never marked exact.
 */
export function lookbehindGate(src: string, caseInsensitive: boolean): PatternGate | null {
  // RE2-only syntax whose extent this reader does not follow: give up rather than misread it.
  if (UNREAD_SYNTAX.test(src)) return null;
  const repeated = repeatedGroups(src);
  if (!repeated) return null;
  let out = '';
  let exact = !caseInsensitive && !/\(\?[a-zA-Z-]+[:)]/.test(src);
  /** Per open group: can its branches start where nothing has been consumed? */
  const stack: boolean[] = [];
  let atStart = true;
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') {
      const end = escapeEnd(src, i);
      out += src.slice(i, end);
      i = end;
      atStart = false;
      continue;
    }
    if (ch === '[') {
      const end = classEnd(src, i);
      if (end < 0) return null;
      out += src.slice(i, end);
      i = end;
      atStart = false;
      continue;
    }
    if (ch === '(' && (src.startsWith('(?<=', i) || src.startsWith('(?<!', i))) {
      const close = groupClose(src, i);
      // A repeated assertion is odd enough not to be worth reading: no gate.
      if (close < 0 || '*+?{'.includes(src[close + 1] ?? '.')) return null;
      const body = src.slice(i + 4, close);
      const negative = src[i + 3] === '!';
      let form: string | null = null;
      if (atStart && !/\(\?<[=!]/.test(body)) {
        if (!negative) form = `(?:${body})`;
        else {
          const complement = complementOf(body);
          if (complement !== null) form = `(?:\\A|${complement})`;
        }
      }
      if (form === null) exact = false;
      else out += form;
      i = close + 1;
      atStart = false;
      continue;
    }
    if (ch === '(') {
      stack.push(atStart && !repeated.has(i));
      atStart = stack[stack.length - 1]!;
      // Copy the group's opening (`(`, `(?:`, `(?P<name>`, `(?<name>`, `(?flags:`).
      const head = /^\((?:\?(?:P?<[A-Za-z0-9_]+>|[a-zA-Z-]*:?))?/.exec(src.slice(i))![0];
      // A bare flag group `(?i)` consumes nothing but is not read as a group here.
      if (head.startsWith('(?') && !head.endsWith(':') && !head.endsWith('>')) {
        stack.pop();
        const close = src.indexOf(')', i);
        if (close < 0) return null;
        out += src.slice(i, close + 1);
        i = close + 1;
        atStart = false;
        continue;
      }
      out += head;
      i += head.length;
      continue;
    }
    if (ch === '|') {
      atStart = stack.length === 0 ? true : stack[stack.length - 1]!;
      out += ch;
      i++;
      continue;
    }
    if (ch === ')') {
      if (stack.length === 0) return null;
      stack.pop();
      atStart = false;
      out += ch;
      i++;
      continue;
    }
    out += ch;
    i++;
    atStart = false;
  }
  if (stack.length !== 0) return null;
  return { source: out, exact };
}

/** Start indices of groups followed by a quantifier that may repeat them (`*`, `+`, `{n,m}` with m > 1). */
function repeatedGroups(src: string): Set<number> | null {
  const open: number[] = [];
  const out = new Set<number>();
  const complete = walkSyntax(src, (ch, i) => {
    if (ch === '(') open.push(i);
    else if (ch === ')') {
      const start = open.pop();
      if (start === undefined) return false;
      if (repeats(src, i + 1)) out.add(start);
    }
    return true;
  });
  return complete && open.length === 0 ? out : null;
}

/**
 * Call `visit` with each character of `src` that is syntax or a plain literal, skipping escapes and
 * whole character classes. Stops when `visit` returns false or a class is unclosed; returns true
 * only when the whole pattern was walked.
 */
function walkSyntax(src: string, visit: (ch: string, i: number) => boolean): boolean {
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') i = escapeEnd(src, i);
    else if (ch === '[') {
      const end = classEnd(src, i);
      if (end < 0) return false;
      i = end;
    } else {
      if (!visit(ch, i)) return false;
      i++;
    }
  }
  return true;
}

/** True when a quantifier allowing more than one repetition starts at `i`. */
function repeats(src: string, i: number): boolean {
  const ch = src[i];
  if (ch === '*' || ch === '+') return true;
  if (ch !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
  if (!m) return false;
  if (m[2] === undefined) return Number(m[1]) > 1;
  return m[3] === '' || Number(m[3]) > 1;
}

/** Index just past the escape at `i` (a backslash), in RE2 syntax. */
function escapeEnd(src: string, i: number): number {
  const c = src[i + 1];
  if ((c === 'x' || c === 'p' || c === 'P') && src[i + 2] === '{') {
    const close = src.indexOf('}', i + 3);
    return close < 0 ? src.length : close + 1;
  }
  if (c === 'x') return Math.min(src.length, i + 4);
  if (c === 'p' || c === 'P') return Math.min(src.length, i + 3);
  return Math.min(src.length, i + 2);
}

/** Index just past the class opened at `i`; `]` right after `[` or `[^` is a literal. -1 if unclosed. */
function classEnd(src: string, i: number): number {
  let j = i + 1;
  if (src[j] === '^') j++;
  if (src[j] === ']') j++;
  while (j < src.length && src[j] !== ']') j = src[j] === '\\' ? escapeEnd(src, j) : j + 1;
  return j < src.length ? j + 1 : -1;
}

/** Index of the `)` closing the group opened at `i`, or -1. */
function groupClose(src: string, i: number): number {
  let depth = 0;
  let close = -1;
  walkSyntax(src.slice(i), (ch, j) => {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) {
      close = i + j;
      return false;
    }
    return true;
  });
  return close;
}

const SHORTHAND_COMPLEMENT: Record<string, string> = { d: '\\D', D: '\\d', w: '\\W', W: '\\w', s: '\\S', S: '\\s' };

/** The class of the characters `atom` does not match, when `atom` is exactly one character matcher; else null. */
function complementOf(atom: string): string | null {
  if (atom.startsWith('[') && classEnd(atom, 0) === atom.length) {
    return atom[1] === '^' ? `[${atom.slice(2)}` : `[^${atom.slice(1)}`;
  }
  if (atom.length === 2 && atom[0] === '\\') {
    const s = SHORTHAND_COMPLEMENT[atom[1]!];
    if (s) return s;
    // An escaped punctuation character stands for itself.
    return /[^A-Za-z0-9]/.test(atom[1]!) ? `[^${atom}]` : null;
  }
  const prop = /^\\([pP])(\{[^}]+\}|[A-Za-z])$/.exec(atom);
  if (prop) return `\\${prop[1] === 'p' ? 'P' : 'p'}${prop[2]}`;
  if (/^\\x\{[0-9A-Fa-f]+\}$/.test(atom)) return `[^${atom}]`;
  // One plain character (one code point) that is not syntax.
  if ([...atom].length === 1 && !'.^$|()[]{}*+?\\'.includes(atom)) return `[^${/[\]\\^-]/.test(atom) ? `\\${atom}` : atom}]`;
  return null;
}

/** A pattern that is one leading lookbehind and a rest, rewritten without the lookbehind. */
export interface LookbehindFinder {
  /** `(?:L)(REST)TAIL` or `(?:\A|[^C])(REST)TAIL`: searched from offset 0; group 1 is the match. */
  first: string;
  /** The same without `\A`, searched from `width` code points before the previous match's end. */
  later: string;
  /** Code points the lookbehind looks at. */
  width: number;
}

/**
 * For `head` = a leading lookbehind of fixed width (a positive one, or a negative one of a single
 * character class) followed by a rest with no lookbehind and no top-level alternative (and `tail`,
 * the rewritten trailing lookahead, or ''): the consuming form whose group 1 spans exactly the
 * matches of the original. A search of the original from `from` finds the leftmost start p >= from
 * whose looked-at text fits, and the rest's preferred match at p; the consuming form searched from
 * `from` minus the looked-at width finds the same p (its matches start exactly `width` code points,
 * or for `\A` none, before p) and the same preferred rest. Null for anything else.
 */
export function lookbehindFinder(head: string, tail: string, caseInsensitive: boolean): LookbehindFinder | null {
  if (caseInsensitive || UNREAD_SYNTAX.test(head + tail) || /\(\?[a-zA-Z-]+[:)]/.test(head + tail)) return null;
  if (!head.startsWith('(?<=') && !head.startsWith('(?<!')) return null;
  const close = groupClose(head, 0);
  if (close < 0) return null;
  const body = head.slice(4, close);
  const rest = head.slice(close + 1);
  if (rest === '' || /\(\?<[=!]/.test(rest) || /\(\?<[=!]/.test(body) || '*+?{'.includes(rest[0]!) || hasTopLevelBar(rest)) return null;
  if (head[3] === '=') {
    const width = fixedWidth(body);
    if (width === null || width === 0) return null;
    const form = `(?:${body})(${rest})${tail}`;
    return { first: form, later: form, width };
  }
  const complement = complementOf(body);
  if (complement === null) return null;
  return { first: `(?:\\A|${complement})(${rest})${tail}`, later: `(?:${complement})(${rest})${tail}`, width: 1 };
}

/** True when `src` has a `|` outside every group and class (or a class is unclosed). */
function hasTopLevelBar(src: string): boolean {
  let depth = 0;
  let bar = false;
  const complete = walkSyntax(src, (ch) => {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) bar = true;
    return !bar;
  });
  return bar || !complete;
}

/**
 * Code points matched by `src` when it is a sequence of single-character atoms (classes, escapes
 * that match one character, plain characters, `.`), each optionally repeated an exact `{n}` times;
 * null for anything else.
 */
function fixedWidth(src: string): number | null {
  let width = 0;
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    let end: number;
    if (ch === '\\') {
      end = escapeEnd(src, i);
      // Zero-width and multi-character escapes.
      if (/^\\[bBAzZC1-9QEk]/.test(src.slice(i, i + 2))) return null;
    } else if (ch === '[') {
      end = classEnd(src, i);
      if (end < 0) return null;
    } else if ('()|*+?{}^$'.includes(ch)) return null;
    else end = i + (src.codePointAt(i)! > 0xffff ? 2 : 1);
    let count = 1;
    const q = /^\{(\d+)\}/.exec(src.slice(end));
    if (q) {
      count = Number(q[1]);
      end += q[0].length;
    } else if ('*+?{'.includes(src[end] ?? '.')) return null;
    width += count;
    i = end;
  }
  return width;
}
