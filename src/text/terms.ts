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
  /** ASCII-folded term: the lookup key of `inside` entries. */
  key: string;
}

/**
 * A node of the term trie over folded code units; entries keep the order they were added in.
 */
interface TrieNode {
  next: Map<number, TrieNode> | null;
  /** Entries whose first word's key is exactly the path to this node (word and phrase entries). */
  words: Entry[] | null;
  /** Single-word stems whose key is the path to this node. */
  stems: Entry[] | null;
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
  /**
   * Word and stem entries by folded key, as a trie: one walk over a token's folded spelling finds
   * its whole-word entries and every stem that is a prefix of it (shortest first), with no
   * substring or string hashing per token.
   */
  private readonly root: TrieNode = { next: null, words: null, stems: null };
  /** Scratch list of the trie nodes with stems met during one walk. */
  private stemPath: TrieNode[] = [];
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
    for (const spec of specs) {
      const norm = normalizeTerm(spec.term);
      if (!norm) continue;
      const words = norm.split(' ');
      const except = [...shared, ...(spec.except ?? []).map(parseException)];
      const entry: Entry = { group, term: norm, words, mode: spec.mode, except, key: foldAscii(norm) };
      const first = words[0] as string;
      if (spec.mode === 'inside' && words.length === 1) {
        this.inside.push(entry);
      } else if (spec.mode === 'stem' && words.length === 1) {
        (nodeFor(this.root, entry.key).stems ??= []).push(entry);
      } else {
        (nodeFor(this.root, foldAscii(first)).words ??= []).push(entry);
      }
    }
    this.size += specs.length;
    return group;
  }

  /** Every hit in the token stream, in text order. */
  match(tokens: readonly Token[]): TermHit[] {
    const hits: TermHit[] = [];
    const path = this.stemPath;
    for (let k = 0; k < tokens.length; k++) {
      const tok = tokens[k]!;
      const fold = tok.fold;
      let node: TrieNode | undefined = this.root;
      let stemNodes = 0;
      for (let i = 0; i < fold.length && node; i++) {
        node = node.next?.get(fold.charCodeAt(i));
        if (node?.stems) path[stemNodes++] = node;
      }
      // Whole-word entries first, then stems from the shortest: the order reasons and spans show.
      if (node?.words) for (const e of node.words) this.tryEntry(e, tokens, k, hits);
      for (let p = 0; p < stemNodes; p++) {
        for (const e of path[p]!.stems!) {
          if (spellsTerm(tok.text, e.term) && !excepted(e, tok.text)) hits.push({ term: e.term, group: e.group, start: tok.start, end: tok.end });
        }
      }
      for (const e of this.inside) {
        const key = e.key;
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

/** The trie node for `key`, created (with its path) when missing. */
function nodeFor(root: TrieNode, key: string): TrieNode {
  let node = root;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    node.next ??= new Map();
    let child = node.next.get(code);
    if (!child) {
      child = { next: null, words: null, stems: null };
      node.next.set(code, child);
    }
    node = child;
  }
  return node;
}
