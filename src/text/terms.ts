/**
 * Turkish-aware term lists compiled into hash lookups over the tokens of a normalised comment.
 * Cost per comment is one or a few map lookups per word, independent of the list size.
 *
 * Match modes: `word` (the whole word), `stem` (the stem plus any suffix letters: Turkish is
 * agglutinative, "salak" → "salaksın", "salaklar"), `inside` (anywhere inside a word).
 * Written syntax: `salak` = word, `salak*` = stem, `*salak*` = inside. Multi-word phrases are
 * matched word by word; the mode applies to the last word.
 */
import { foldAscii, lowerTr, spellsTerm } from './chars.js';
import type { Token } from './normalize.js';

export type TermMode = 'word' | 'stem' | 'inside';

export interface TermSpec {
  term: string;
  mode: TermMode;
  /** Words that contain the term but must not match (same `*` syntax: `sıkıntı*`, `sikke`). */
  except?: string[];
}

export interface TermHit {
  term: string;
  /** The group (term list) the term belongs to, see `TermMatcher.addGroup`. */
  group: number;
  /** Offsets into the ORIGINAL text. */
  start: number;
  end: number;
}

interface Exception {
  text: string;
  prefix: boolean;
}

interface Entry {
  group: number;
  term: string;
  words: string[];
  mode: TermMode;
  except: Exception[];
}

/** Parse the written syntax (`salak`, `salak*`, `*salak*`) into a spec. */
export function parseTerm(raw: string, fallback: TermMode = 'word'): TermSpec {
  let t = raw.trim();
  let mode: TermMode = fallback;
  if (t.length > 2 && t.startsWith('*') && t.endsWith('*')) {
    mode = 'inside';
    t = t.slice(1, -1);
  } else if (t.length > 1 && t.endsWith('*')) {
    mode = 'stem';
    t = t.slice(0, -1);
  }
  return { term: t, mode };
}

/** Normalise a term the same way comment text is normalised (case, spacing). */
export function normalizeTerm(term: string): string {
  return lowerTr(term.trim()).split(/[\s]+/u).filter(Boolean).join(' ');
}

function parseException(raw: string): Exception {
  const p = parseTerm(raw);
  return { text: normalizeTerm(p.term).replace(/ /g, ''), prefix: p.mode !== 'word' };
}

/**
 * Compiled term lists. Several lists ("groups") can share one matcher so a rule set with many
 * term conditions still walks each comment once.
 */
export class TermMatcher {
  private readonly wordIndex = new Map<string, Entry[]>();
  private readonly stemIndex = new Map<string, Entry[]>();
  private stemLengths: number[] = [];
  private readonly inside: Entry[] = [];
  private groups = 0;
  size = 0;

  constructor(specs: TermSpec[] = [], sharedExcept: string[] = []) {
    if (specs.length || sharedExcept.length) this.addGroup(specs, sharedExcept);
  }

  /** Add one term list; returns its group number (0, 1, 2, …). */
  addGroup(specs: TermSpec[], sharedExcept: string[] = []): number {
    const group = this.groups++;
    const shared = sharedExcept.map(parseException);
    const lengths = new Set<number>(this.stemLengths);
    for (const spec of specs) {
      const norm = normalizeTerm(spec.term);
      if (!norm) continue;
      const words = norm.split(' ');
      const entry: Entry = { group, term: norm, words, mode: spec.mode, except: [...shared, ...(spec.except ?? []).map(parseException)] };
      const first = words[0] as string;
      if (spec.mode === 'inside' && words.length === 1) {
        this.inside.push(entry);
      } else if (spec.mode === 'stem' && words.length === 1) {
        const key = foldAscii(first);
        push(this.stemIndex, key, entry);
        lengths.add(key.length);
      } else {
        push(this.wordIndex, foldAscii(first), entry);
      }
    }
    this.stemLengths = [...lengths].sort((a, b) => a - b);
    this.size += specs.length;
    return group;
  }

  /** Every hit in the token stream, in text order. */
  match(tokens: readonly Token[]): TermHit[] {
    const hits: TermHit[] = [];
    for (let k = 0; k < tokens.length; k++) {
      const tok = tokens[k]!;
      const whole = this.wordIndex.get(tok.fold);
      if (whole) for (const e of whole) this.tryEntry(e, tokens, k, hits);
      for (const len of this.stemLengths) {
        if (len > tok.fold.length) break;
        const cands = this.stemIndex.get(tok.fold.slice(0, len));
        if (!cands) continue;
        for (const e of cands) {
          if (spellsTerm(tok.text, e.term) && !excepted(e, tok.text)) hits.push({ term: e.term, group: e.group, start: tok.start, end: tok.end });
        }
      }
      for (const e of this.inside) {
        const key = foldAscii(e.term);
        let at = tok.fold.indexOf(key);
        while (at >= 0) {
          if (spellsTerm(tok.text, e.term, at) && !excepted(e, tok.text)) {
            hits.push({ term: e.term, group: e.group, start: tok.start, end: tok.end });
            break;
          }
          at = tok.fold.indexOf(key, at + 1);
        }
      }
    }
    return hits;
  }

  private tryEntry(e: Entry, tokens: readonly Token[], k: number, hits: TermHit[]): void {
    const n = e.words.length;
    if (k + n > tokens.length) return;
    for (let w = 0; w < n; w++) {
      const tok = tokens[k + w]!;
      const want = e.words[w]!;
      const last = w === n - 1;
      if (!spellsTerm(tok.text, want)) return;
      if (last && e.mode === 'stem') continue;
      if (last && e.mode === 'inside') continue;
      if (tok.text.length !== want.length) return;
    }
    const lastTok = tokens[k + n - 1]!;
    if (excepted(e, lastTok.text)) return;
    hits.push({ term: e.term, group: e.group, start: tokens[k]!.start, end: lastTok.end });
  }
}

function excepted(e: Entry, word: string): boolean {
  for (const x of e.except) {
    if (x.prefix ? spellsTerm(word, x.text) : word.length === x.text.length && spellsTerm(word, x.text)) return true;
  }
  return false;
}

function push(map: Map<string, Entry[]>, key: string, e: Entry): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}
