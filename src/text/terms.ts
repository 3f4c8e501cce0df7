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
  /** The trie in flat form for matching, rebuilt after a group is added (see `FlatTrie`). */
  private flat: FlatTrie | null = null;
  /** Scratch list of the stem entry lists met during one walk. */
  private stemPath: Entry[][] = [];
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
    this.flat = null;
    return group;
  }

  /** Every hit in the token stream, in text order. */
  match(tokens: readonly Token[]): TermHit[] {
    const hits: TermHit[] = [];
    const path = this.stemPath;
    const flat = (this.flat ??= flatten(this.root));
    const { stems, words } = flat;
    for (let k = 0; k < tokens.length; k++) {
      const tok = tokens[k]!;
      const fold = tok.fold;
      // A masked word ("g*t", see normalize.ts): try each term whose spelling fits the unmasked letters.
      if (fold.includes('*')) {
        this.matchMasked(tokens, k, hits);
        continue;
      }
      let node = 0;
      let stemNodes = 0;
      for (let i = 0; i < fold.length && node >= 0; i++) {
        node = flat.child(node, fold.charCodeAt(i));
        if (node >= 0 && stems[node]) path[stemNodes++] = stems[node]!;
      }
      // Whole-word entries first, then stems from the shortest: the order reasons and spans show.
      const whole = node >= 0 ? words[node] : null;
      if (whole) for (const e of whole) this.tryEntry(e, tokens, k, hits);
      for (let p = 0; p < stemNodes; p++) {
        for (const e of path[p]!) {
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

  /**
   * Hits of a token with masked letters: every word or stem entry whose folded key fits the token with
   * each `*` read as one letter is tried on the token spelled with the term's own letters. A token
   * needs at least two real letters, and as many real letters as stars, so "a*b" or "*" never match.
   */
  private matchMasked(tokens: readonly Token[], k: number, hits: TermHit[]): void {
    const tok = tokens[k]!;
    const fold = tok.fold;
    let stars = 0;
    for (let i = 0; i < fold.length; i++) if (fold.charCodeAt(i) === 42) stars++;
    if (fold.length - stars < 2 || stars > fold.length - stars) return;
    const found: Entry[] = [];
    collectMasked(this.root, fold, 0, found);
    if (found.length === 0) return;
    const seen = new Set<string>();
    const spelled = tokens.slice();
    for (const e of found) {
      let text = '';
      for (let i = 0; i < tok.text.length; i++) text += tok.text[i] === '*' && i < e.term.length ? e.term[i]! : tok.text[i]!;
      if (text.includes('*') || seen.has(text)) continue;
      seen.add(text);
      spelled[k] = { ...tok, text, fold: foldAscii(text) };
      const before = hits.length;
      this.match([spelled[k]!]).forEach((h) => hits.push(h));
      // Phrases starting with the masked word ("s*ktir git"): the whole-word walk over the unmasked spelling.
      const entries = wordEntriesFor(this.root, spelled[k]!.fold);
      for (const w of entries) if (w.words.length > 1) this.tryEntry(w, spelled, k, hits);
      if (hits.length > before) return;
    }
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

/**
 * Word and stem entries whose folded key fits `fold` from `i` on, each `*` standing for one letter:
 * a word entry must use the whole token, a stem entry a prefix whose rest has no star (suffix letters).
 */
function collectMasked(node: TrieNode, fold: string, i: number, out: Entry[]): void {
  if (node.stems && fold.indexOf('*', i) < 0) for (const e of node.stems) out.push(e);
  if (i === fold.length) {
    if (node.words) for (const e of node.words) out.push(e);
    return;
  }
  if (!node.next) return;
  const code = fold.charCodeAt(i);
  if (code === 42) {
    for (const child of node.next.values()) collectMasked(child, fold, i + 1, out);
  } else {
    const child = node.next.get(code);
    if (child) collectMasked(child, fold, i + 1, out);
  }
}

/** Word entries (single words and phrases) keyed by exactly `key`. */
function wordEntriesFor(root: TrieNode, key: string): Entry[] {
  let node: TrieNode | undefined = root;
  for (let i = 0; i < key.length && node; i++) node = node.next?.get(key.charCodeAt(i));
  return node?.words ?? [];
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

/**
 * The term trie as arrays: node 0 is the root, entries by node number, and the edges in one
 * open-addressing hash table keyed by (node, code unit). A walk is then a few integer reads per
 * character instead of a Map lookup per character and node. A slot is four adjacent integers
 * (node, code unit, child, unused), so a probe touches one cache line: with ten thousand terms the
 * table outgrows the fast caches, and three parallel arrays would cost three misses per character.
 */
class FlatTrie {
  readonly words: Array<Entry[] | null> = [];
  readonly stems: Array<Entry[] | null> = [];
  /** `slots[SLOT * i]` node (-1 = empty), `+ 1` code unit, `+ 2` child. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(edges: number) {
    let size = 16;
    // At most half full: a missing edge (the common case, most words match no term) ends its probe quickly.
    while (size < edges * 2) size *= 2;
    this.slots = new Int32Array(size * SLOT).fill(-1);
    this.mask = size - 1;
  }

  private static slot(node: number, code: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) >>> 0;
  }

  add(node: number, code: number, child: number): void {
    const slots = this.slots;
    let i = FlatTrie.slot(node, code) & this.mask;
    while (slots[i * SLOT] !== -1) i = (i + 1) & this.mask;
    slots[i * SLOT] = node;
    slots[i * SLOT + 1] = code;
    slots[i * SLOT + 2] = child;
  }

  /** The child of `node` along `code`, or -1. */
  child(node: number, code: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = FlatTrie.slot(node, code) & mask;
    for (;;) {
      const at = i * SLOT;
      const n = slots[at]!;
      if (n === -1) return -1;
      if (n === node && slots[at + 1] === code) return slots[at + 2]!;
      i = (i + 1) & mask;
    }
  }
}

/** Integers per `FlatTrie` slot: a power of two, so a slot never straddles a cache line. */
const SLOT = 4;

/** Number the nodes of the trie (breadth first) and copy its edges and entries into a `FlatTrie`. */
function flatten(root: TrieNode): FlatTrie {
  const nodes: TrieNode[] = [root];
  let edges = 0;
  for (let i = 0; i < nodes.length; i++) {
    const next = nodes[i]!.next;
    if (next) {
      edges += next.size;
      for (const child of next.values()) nodes.push(child);
    }
  }
  const flat = new FlatTrie(edges);
  const id = new Map<TrieNode, number>(nodes.map((n, i) => [n, i]));
  nodes.forEach((n, i) => {
    flat.words[i] = n.words;
    flat.stems[i] = n.stems;
    if (n.next) for (const [code, child] of n.next) flat.add(i, code, id.get(child)!);
  });
  return flat;
}
