/**
 * A multinomial naive Bayes model over the features of features.ts, trained at load time from the
 * examples and keywords of rules/routing.yaml (milliseconds for a few hundred sentences).
 *
 * Confidence is not the raw NB posterior (which is almost always ~1): the per-feature average
 * log-likelihood is turned into a softmax whose sharpness grows with the evidence seen, and keyword
 * hits add a fixed bonus to their directorate's logit. A text with no known feature scores 1/K.
 */
import { compileKeyword, features, keywordHit, tokens, type CompiledKeyword, type FeatureBag } from './features.js';

/** Whole-word and stem features: the ones that count as evidence for a unit (character n-grams do not). */
const isWordFeature = (f: string): boolean => f.startsWith('w:') || f.startsWith('t:');

export interface TrainingClass {
  id: string;
  examples: readonly string[];
  keywords: readonly string[];
  /** The unit's own names; a hit adds `nameBonus` (they are learned like keywords too). */
  names?: readonly string[];
}

export interface Prediction {
  /** Directorates ordered by probability, highest first. */
  ranking: Array<{ id: string; p: number }>;
  /** Keywords found in the text, by directorate. */
  keywordHits: Record<string, string[]>;
}

export interface ModelOptions {
  /** Laplace smoothing. */
  alpha?: number;
  /** Softmax sharpness per unit of average log-likelihood. */
  sharpness?: number;
  /** Evidence (feature weight) at which the sharpness reaches half its value. */
  evidenceHalf?: number;
  /** Logit bonus per keyword hit. */
  keywordBonus?: number;
  /** Weight of a keyword when added to its class as a training document. */
  keywordWeight?: number;
  /** Logit bonus when the text names the unit itself ("mali işlerdeki memur…"). */
  nameBonus?: number;
  /**
   * The fallback unit (kurumsal-iletisim): its keywords ("karar", "yönetim", "paylaşım") add their
   * bonus only when no other unit's keyword is in the text, so criticism that names a service goes
   * to that service and only criticism with no service named falls back to it.
   */
  fallback?: string;
}

const DEFAULTS: Required<ModelOptions> = { alpha: 0.3, sharpness: 5, evidenceHalf: 4, keywordBonus: 2.2, keywordWeight: 2, nameBonus: 5, fallback: '' };

export class RoutingModel {
  private readonly opts: Required<ModelOptions>;
  private readonly ids: string[];
  private readonly logp = new Map<string, Float64Array>();
  private readonly keywords: Array<{ id: string; index: number; kw: CompiledKeyword; bonus: number; name: boolean }> = [];
  /** For each word or stem feature, the classes whose examples, keywords or names contain it. */
  private readonly seen = new Map<string, Set<string>>();

  constructor(classes: readonly TrainingClass[], options: ModelOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
    this.ids = classes.map((c) => c.id);
    const k = classes.length;
    const counts = new Map<string, Float64Array>();
    const totals = new Float64Array(k);
    const learn = (bag: FeatureBag, ci: number, scale: number): void => {
      for (const [f, w] of bag) {
        if (isWordFeature(f)) {
          let ids = this.seen.get(f);
          if (!ids) this.seen.set(f, (ids = new Set()));
          ids.add(classes[ci]!.id);
        }
        let row = counts.get(f);
        if (!row) counts.set(f, (row = new Float64Array(k)));
        row[ci] = (row[ci] as number) + w * scale;
        totals[ci] = (totals[ci] as number) + w * scale;
      }
    };
    classes.forEach((c, ci) => {
      for (const ex of c.examples) learn(features(ex), ci, 1);
      for (const kw of c.keywords) {
        learn(features(kw), ci, this.opts.keywordWeight);
        this.keywords.push({ id: c.id, index: ci, kw: compileKeyword(kw), bonus: this.opts.keywordBonus, name: false });
      }
      for (const n of c.names ?? []) {
        learn(features(n), ci, this.opts.keywordWeight);
        this.keywords.push({ id: c.id, index: ci, kw: compileKeyword(n), bonus: this.opts.nameBonus, name: true });
      }
    });
    const v = counts.size;
    const { alpha } = this.opts;
    const denom = Array.from(totals, (t) => Math.log(t + alpha * v));
    for (const [f, row] of counts) {
      this.logp.set(
        f,
        Float64Array.from(row, (n, ci) => Math.log(n + alpha) - (denom[ci] as number)),
      );
    }
    // Features never seen in training are left out of a prediction rather than smoothed in.
  }

  get classIds(): readonly string[] {
    return this.ids;
  }

  /** The classes that saw at least one of `words` (features.ts `contentWords`) or its stem in their examples, keywords or names. */
  seenWith(words: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const f of features(words.join(' ')).keys()) {
      if (!isWordFeature(f)) continue;
      for (const id of this.seen.get(f) ?? []) out.add(id);
    }
    return out;
  }

  predict(text: string): Prediction {
    const k = this.ids.length;
    const sum = new Float64Array(k);
    let evidence = 0;
    for (const [f, w] of features(text)) {
      const row = this.logp.get(f);
      if (!row) continue; // unknown features say nothing about the directorate
      evidence += w;
      for (let i = 0; i < k; i++) sum[i] = (sum[i] as number) + w * (row[i] as number);
    }
    const { sharpness, evidenceHalf } = this.opts;
    const scale = evidence > 0 ? (sharpness * evidence) / (evidence + evidenceHalf) / evidence : 0;
    const logits = Array.from(sum, (s) => s * scale);
    const toks = tokens(text);
    const keywordHits: Record<string, string[]> = {};
    const named = new Set<number>();
    const fallbackHits: number[] = [];
    let otherKeyword = false;
    for (const { id, index, kw, bonus, name } of this.keywords) {
      if (!keywordHit(toks, kw)) continue;
      (keywordHits[id] ??= []).push(kw.text);
      // One name bonus per unit: "öğrenci işleri" and "öğrenci işlerine" name it once.
      if (name && named.has(index)) continue;
      if (name) named.add(index);
      if (!name && id === this.opts.fallback) {
        fallbackHits.push(bonus);
        continue;
      }
      if (id !== this.opts.fallback) otherKeyword = true;
      logits[index] = (logits[index] as number) + bonus;
    }
    const fallbackIndex = this.ids.indexOf(this.opts.fallback);
    if (!otherKeyword && fallbackIndex >= 0) for (const b of fallbackHits) logits[fallbackIndex] = (logits[fallbackIndex] as number) + b;
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - max));
    const z = exps.reduce((a, b) => a + b, 0);
    const ranking = this.ids.map((id, i) => ({ id, p: (exps[i] as number) / z })).sort((a, b) => b.p - a.p);
    return { ranking, keywordHits };
  }
}
