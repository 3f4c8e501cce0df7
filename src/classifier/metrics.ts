/**
 * Threshold-free and threshold-sweeping figures for a binary scorer (label 1 = offensive).
 */

/** Area under the ROC curve (ties count one half). */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!]! === scores[idx[i]!]!) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) {
      if (labels[idx[t]!] === 1) {
        pos++;
        rankSumPos += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Confusion figures when flagging `score >= threshold`. */
export interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
  /** F1 of the positive class. */
  f1: number;
  /** Mean of the F1 of both classes. */
  macroF1: number;
  /** Share of negatives flagged. */
  falsePositiveRate: number;
}

function point(threshold: number, tp: number, fp: number, pos: number, neg: number): ThresholdPoint {
  const fn = pos - tp;
  const tn = neg - fp;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
  const recall = pos > 0 ? tp / pos : 0;
  const f1 = tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
  const f1Neg = tn > 0 ? (2 * tn) / (2 * tn + fn + fp) : 0;
  return { threshold, precision, recall, f1, macroF1: (f1 + f1Neg) / 2, falsePositiveRate: neg > 0 ? fp / neg : 0 };
}

/** Every distinct threshold, from highest to lowest score. */
export function sweepThresholds(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdPoint[] {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i] === 1 ? 1 : 0;
  const neg = n - pos;
  const out: ThresholdPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    const r = idx[i]!;
    if (labels[r] === 1) tp++;
    else fp++;
    const next = idx[i + 1];
    if (next === undefined || scores[next]! !== scores[r]!) out.push(point(scores[r]!, tp, fp, pos, neg));
  }
  return out;
}

/** Figures at one fixed threshold. */
export function atThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ThresholdPoint {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    const y = labels[i] === 1;
    if (y) pos++;
    if (scores[i]! >= threshold) {
      if (y) tp++;
      else fp++;
    }
  }
  return point(threshold, tp, fp, pos, scores.length - pos);
}

/** Summary used by `bekci classifier cv`: AUC, best-macro-F1 threshold and the 0.9-precision point. */
export interface ScorerSummary {
  auc: number;
  best: ThresholdPoint;
  /** Lowest threshold whose precision is still ≥ 0.9 (null when none reaches it with ≥ 20 flagged). */
  precision90: ThresholdPoint | null;
}

export function summarize(scores: ArrayLike<number>, labels: ArrayLike<number>): ScorerSummary {
  const sweep = sweepThresholds(scores, labels);
  let best = sweep[0] ?? point(1, 0, 0, 0, 0);
  for (const p of sweep) if (p.macroF1 > best.macroF1) best = p;
  let precision90: ThresholdPoint | null = null;
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i] === 1 ? 1 : 0;
  for (const p of sweep) {
    if (p.precision >= 0.9 && p.recall * pos >= 20) precision90 = p;
  }
  return { auc: auc(scores, labels), best, precision90 };
}
