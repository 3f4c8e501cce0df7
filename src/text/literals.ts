/**
 * Required literals of a regular expression: strings that every match must contain. A rule's
 * regex is then run only on texts that contain them (one native scan per requirement instead of
 * re2js trying the pattern at every position). The pattern is read into a small tree: a part's
 * matches are described by a finite set of strings when small classes, alternations and optional
 * parts keep it finite (`[ae]c[ae]m` is one of four strings), otherwise by what every match of it
 * contains. The reading is conservative: anything it does not know requires nothing, so the
 * pre-check can let a text through needlessly but never rejects a text the regex would match
 * (test/text/literals.test.ts checks this on random patterns).
 */

/** Each entry is a set of alternatives; a matching text contains at least one string of every set. */
export type RequiredLiterals = readonly (readonly string[])[];

/** Characters that stand for themselves when escaped (`\.`, `\?`, …). */
const ESCAPED_LITERAL = new Set('^$\\.*+?()[]{}|/-'.split(''));

/** Most strings an exact set (every string a part of the pattern can match) may hold. */
const MAX_EXACT = 16;
/** Most strings one required set may hold (an alternation unions one set of each branch). */
const MAX_SET = 48;

/**
 * What a part of a pattern tells about its matches: `exact` is a finite set holding every string
 * the part can match (null when unknown or too large); `cnf` lists sets of which every match
 * contains at least one string each.
 */
interface Info {
  exact: string[] | null;
  cnf: string[][];
  /** A repeated exact part (`x+`, `[ab]{2,}`): every match starts and ends with one of these. */
  edges?: string[];
}

const ANY: Info = { exact: null, cnf: [] };
const EMPTY_MATCH: Info = { exact: [''], cnf: [] };

/**
 * Required literals of `source` (compiled with the `u` flag plus `flags`). With the `i` flag, or
 * any construct the reader does not know, nothing is required (an empty list). Small character
 * classes count as the characters they hold (`[ae]c[ae]` requires one of "aca", "acе", "eca",
 * "ece"), and an alternation requires one string of each branch.
 */
export function requiredLiterals(source: string, flags = ''): RequiredLiterals {
  let info: Info;
  try {
    const parser = new PatternReader(source);
    info = parser.alternation();
    if (parser.i !== source.length) return [];
  } catch {
    return [];
  }
  const sets = dedupeSets(requirementsOf(info));
  // Case-insensitive: only ASCII literals, whose case variants JavaScript and RE2 fold alike
  // (`literalGate` with `ignoreCase`).
  if (flags.includes('i') && sets.some((set) => set.some((x) => /[^\x20-\x7e]/.test(x)))) return [];
  return sets;
}

/** Every requirement of `info`, its exact set included. */
function requirementsOf(info: Info): string[][] {
  const out = [...info.cnf];
  if (info.exact && info.exact.length > 0 && !info.exact.includes('')) out.push(info.exact);
  return out;
}

function dedupeSets(sets: string[][]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const set of sets) {
    // A string that contains another string of its set adds nothing: the shorter one is found first.
    const unique = [...new Set(set)];
    const sorted = unique.filter((x) => !unique.some((y) => y !== x && x.includes(y))).sort();
    const key = sorted.join('\u0000');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(sorted);
    }
  }
  return out;
}

/** The best single set of `info` for an alternation: fewest strings, then longest shortest string. */
function bestSet(info: Info): string[] | null {
  let best: string[] | null = null;
  for (const set of requirementsOf(info)) {
    if (set.length === 0 || set.includes('')) continue;
    if (!best || set.length < best.length || (set.length === best.length && shortest(set) > shortest(best))) best = set;
  }
  return best;
}

function shortest(set: string[]): number {
  let n = Infinity;
  for (const s of set) n = Math.min(n, s.length);
  return n;
}

function product(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > MAX_EXACT) return null;
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return [...new Set(out)];
}

/**
 * A recursive reader of the JavaScript pattern dialect used by rules. It throws on anything it does
 * not know, and the caller then requires nothing.
 */
class PatternReader {
  i = 0;
  constructor(private readonly s: string) {}

  alternation(): Info {
    const branches = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    if (branches.every((b) => b.exact)) {
      const union = [...new Set(branches.flatMap((b) => b.exact!))];
      if (union.length <= MAX_EXACT) return { exact: union, cnf: [] };
    }
    const sets: string[] = [];
    for (const b of branches) {
      const set = bestSet(b);
      if (!set) return ANY;
      sets.push(...set);
    }
    const union = [...new Set(sets)];
    return union.length <= MAX_SET ? { exact: null, cnf: [union] } : ANY;
  }

  sequence(): Info {
    const cnf: string[][] = [];
    let run: string[] = [''];
    let allExact = true;
    const flush = (): void => {
      if (!run.includes('')) cnf.push(run);
      run = [''];
    };
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const piece = this.quantified(this.atom());
      if (piece.edges) {
        // The repetition begins with an edge string: the run so far joins it; the next part
        // follows an edge string.
        allExact = false;
        const joined = product(run, piece.edges);
        if (joined) {
          if (!joined.includes('')) cnf.push(joined);
        } else {
          flush();
          cnf.push(piece.edges);
        }
        run = piece.edges;
      } else if (piece.exact) {
        const joined = product(run, piece.exact);
        if (joined) run = joined;
        else {
          allExact = false;
          flush();
          run = piece.exact;
        }
      } else {
        allExact = false;
        flush();
        cnf.push(...piece.cnf);
      }
    }
    if (allExact) return { exact: run, cnf: [] };
    flush();
    return { exact: null, cnf };
  }

  quantified(atom: Info): Info {
    const s = this.s;
    const ch = s[this.i];
    let min: number;
    let max: number;
    if (ch === '*' || ch === '?' || ch === '+') {
      this.i++;
      min = ch === '+' ? 1 : 0;
      max = ch === '?' ? 1 : Infinity;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) throw new Error('quantifier');
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    } else return atom;
    if (s[this.i] === '?') this.i++;
    if (min === 0) {
      if (max === 0) return EMPTY_MATCH;
      if (max === 1 && atom.exact && atom.exact.length < MAX_EXACT) return { exact: [...new Set(['', ...atom.exact])], cnf: [] };
      return ANY;
    }
    if (min === 1 && max === 1) return atom;
    // At least one repetition: every requirement of the atom holds for the whole.
    if (atom.exact && atom.exact.length > 0 && !atom.exact.includes('')) return { exact: null, cnf: [atom.exact], edges: atom.exact };
    return { exact: null, cnf: requirementsOf(atom) };
  }

  atom(): Info {
    const s = this.s;
    const ch = s[this.i]!;
    if (ch === '(') return this.group();
    if (ch === '[') return this.charClass();
    if (ch === '\\') return this.escape(false);
    if (ch === '^' || ch === '$') {
      this.i++;
      return EMPTY_MATCH;
    }
    if (ch === '.') {
      this.i++;
      return ANY;
    }
    if ('*+?{}]'.includes(ch)) throw new Error('syntax');
    const cp = s.codePointAt(this.i)!;
    const lit = String.fromCodePoint(cp);
    this.i += lit.length;
    return { exact: [lit], cnf: [] };
  }

  group(): Info {
    const s = this.s;
    let look: Info | null = null;
    if (s.startsWith('(?:', this.i)) this.i += 3;
    else if (s.startsWith('(?=', this.i) || s.startsWith('(?!', this.i)) {
      // A lookahead before the end is compiled into a consuming alternative (regex.ts): it may
      // take one character of the match, so nothing is joined across it.
      this.i += 3;
      look = ANY;
    } else if (s.startsWith('(?<=', this.i) || s.startsWith('(?<!', this.i)) {
      this.i += 4;
      look = EMPTY_MATCH;
    } else if (s.startsWith('(?<', this.i)) {
      const close = s.indexOf('>', this.i);
      if (close < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.slice(this.i + 3, close))) throw new Error('group name');
      this.i = close + 1;
    } else if (s[this.i + 1] === '?') throw new Error('group');
    else this.i++;
    const body = this.alternation();
    if (s[this.i] !== ')') throw new Error('unclosed group');
    this.i++;
    // A lookbehind matches no characters.
    return look ?? body;
  }

  /** An escape; inside a class only single characters are accepted (null otherwise). */
  escape(inClass: boolean): Info {
    const s = this.s;
    const c = s[this.i + 1];
    if (c === undefined) throw new Error('escape');
    this.i += 2;
    const one = (x: string): Info => ({ exact: [x], cnf: [] });
    if (c === 'b' || c === 'B') {
      if (inClass) throw new Error('class escape');
      return EMPTY_MATCH;
    }
    if ('dDwWsS'.includes(c)) return ANY;
    if (c === 'p' || c === 'P') {
      if (s[this.i] !== '{') throw new Error('property');
      const close = s.indexOf('}', this.i);
      if (close < 0) throw new Error('property');
      this.i = close + 1;
      return ANY;
    }
    if (c === 'n') return one('\n');
    if (c === 'r') return one('\r');
    if (c === 't') return one('\t');
    if (c === 'f') return one('\f');
    if (c === 'v') return one('\v');
    if (c === 'x') {
      const hex = s.slice(this.i, this.i + 2);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error('hex');
      this.i += 2;
      return one(String.fromCodePoint(parseInt(hex, 16)));
    }
    if (c === 'u') {
      const m = /^\{([0-9A-Fa-f]{1,6})\}|^([0-9A-Fa-f]{4})/.exec(s.slice(this.i));
      if (!m) throw new Error('unicode');
      this.i += m[0].length;
      const cp = parseInt(m[1] ?? m[2]!, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Error('unicode');
      return one(String.fromCodePoint(cp));
    }
    if (
      ESCAPED_LITERAL.has(c) ||
      c === ',' ||
      c === ':' ||
      c === '=' ||
      c === '!' ||
      c === ' ' ||
      c === "'" ||
      c === '"' ||
      c === '#' ||
      c === '@' ||
      c === '&' ||
      c === '%' ||
      c === '<' ||
      c === '>' ||
      c === '~' ||
      c === '`' ||
      c === ';'
    )
      return one(c);
    throw new Error('escape');
  }

  charClass(): Info {
    const s = this.s;
    this.i++;
    let negated = false;
    if (s[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const chars = new Set<string>();
    let known = true;
    const item = (): string | null => {
      if (s[this.i] === '\\') {
        const e = this.escape(true);
        return e.exact && e.exact.length === 1 && e.exact[0] !== '' ? e.exact[0]! : null;
      }
      const cp = s.codePointAt(this.i)!;
      const x = String.fromCodePoint(cp);
      this.i += x.length;
      return x;
    };
    while (this.i < s.length && s[this.i] !== ']') {
      if (s[this.i] === '[') throw new Error('nested class');
      const a = item();
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && this.i + 1 < s.length) {
        this.i++;
        const b = item();
        if (a === null || b === null) throw new Error('range');
        const lo = a.codePointAt(0)!;
        const hi = b.codePointAt(0)!;
        if (hi < lo) throw new Error('range');
        if (hi - lo >= MAX_EXACT) known = false;
        else for (let cp = lo; cp <= hi; cp++) chars.add(String.fromCodePoint(cp));
      } else if (a === null) known = false;
      else chars.add(a);
    }
    if (s[this.i] !== ']') throw new Error('unclosed class');
    this.i++;
    if (negated || !known || chars.size === 0 || chars.size > MAX_EXACT) return ANY;
    return { exact: [...chars], cnf: [] };
  }
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

/** Characters with a meaning in a JavaScript pattern, escaped to build a literal alternation. */
const PATTERN_SYNTAX = /[.*+?^${}()|[\]\\/-]/g;
/** The characters a `u` pattern lets (and needs) escaped outside a class. */
const UNICODE_SYNTAX = /[.*+?^${}()|[\]\\/]/g;

/**
 * `mayMatch` compiled for one requirement list: a set of one string is an `includes`, a larger set
 * one native pattern that is a plain alternation of the escaped strings (no quantifier, class or
 * group: it cannot backtrack beyond trying each string at each position), which scans the text once
 * instead of once per string.
 */
export function literalGate(required: RequiredLiterals, ignoreCase = false): (text: string) => boolean {
  const checks = required.map((set): ((text: string) => boolean) => {
    if (ignoreCase) {
      // `iu`: simple case folding, as RE2's (k also finds U+212A, s also U+017F); strings are ASCII.
      const re = new RegExp(set.map((s) => s.replace(UNICODE_SYNTAX, '\\$&')).join('|'), 'iu');
      return (text) => re.test(text);
    }
    if (set.length === 1) {
      const only = set[0]!;
      return (text) => text.includes(only);
    }
    const re = new RegExp(set.map((s) => s.replace(PATTERN_SYNTAX, '\\$&')).join('|'));
    return (text) => re.test(text);
  });
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (text) => {
    for (const check of checks) if (!check(text)) return false;
    return true;
  };
}
