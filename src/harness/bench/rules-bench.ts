/**
 * Throughput benchmark of a rule engine (the `bekci rules bench` contract) and a built-in corpus
 * for when no data file is at hand.
 */
import { normalize } from '../../text/normalize.js';
import type { RuleEngine } from '../../rules/engine.js';

export interface BenchReport {
  commentsPerSecond: number;
  baselineCommentsPerSecond: number;
  /** baseline / full: how many times slower than normalising and tokenising alone. */
  ratio: number;
  p99Micros: number;
  rssMB: number;
}

/** Run `fn` over `texts` repeatedly for at least `minMs`; returns comments per second. */
function throughput(texts: string[], minMs: number, fn: (t: string) => void, perCall?: number[]): number {
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(minMs) * 1_000_000n;
  let now = start;
  do {
    for (const t of texts) {
      if (perCall) {
        const a = process.hrtime.bigint();
        fn(t);
        perCall.push(Number(process.hrtime.bigint() - a) / 1000);
      } else fn(t);
    }
    n += texts.length;
    now = process.hrtime.bigint();
  } while (now < deadline);
  return n / (Number(now - start) / 1e9);
}

/** Benchmark `engine` on `texts` (single thread). `minMs` is the minimum duration of each pass. */
export function benchEngine(engine: RuleEngine, texts: string[], minMs = 1500): BenchReport {
  if (texts.length === 0) throw new Error('boş derlem (empty corpus)');
  let sink = 0;
  for (const t of texts.slice(0, 2000)) sink += engine.evaluate({ text: t }).matches.length + normalize(t).tokens.length;
  const baseline = throughput(texts, minMs, (t) => {
    sink += normalize(t).tokens.length;
  });
  const full = throughput(texts, minMs, (t) => {
    sink += engine.evaluate({ text: t }).matches.length;
  });
  const samples: number[] = [];
  throughput(texts.slice(0, 20000), 0, (t) => void (sink += engine.evaluate({ text: t }).matches.length), samples);
  samples.sort((a, b) => a - b);
  const p99 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] ?? 0;
  if (sink < 0) throw new Error('unreachable');
  return {
    commentsPerSecond: Math.round(full),
    baselineCommentsPerSecond: Math.round(baseline),
    ratio: Math.round((baseline / full) * 100) / 100,
    p99Micros: Math.round(p99 * 10) / 10,
    rssMB: Math.round((process.memoryUsage().rss / 1048576) * 10) / 10,
  };
}

/** Texts of a TSV: the `tweet` or `text` column (header row), else the whole line. */
export function textsFromTsv(content: string): string[] {
  const lines = content.split(/\r?\n/).filter((l) => l.trim());
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  let col = header.indexOf('tweet');
  if (col < 0) col = header.indexOf('text');
  if (col < 0) return lines;
  return lines.slice(1).map((l) => l.split('\t')[col] ?? '');
}

const SUBJECTS = [
  'Yemekhane',
  'Kütüphane',
  'Öğrenci işleri',
  'Yurt',
  'Servis',
  'Kampüs wifi',
  'OBS sistemi',
  'Hocamız',
  'Rektörlük',
  'Spor salonu',
  'Kayıt ekranı',
  'Bölüm sekreterliği',
];
const PREDICATES = [
  'bugün yine çalışmıyor',
  'çok güzel olmuş, teşekkürler',
  'ne zaman açılacak?',
  'rezalet, kimse ilgilenmiyor',
  'hakkında bilgi alabilir miyiz?',
  'için başvuru tarihi uzatılsın lütfen',
  'sıkıntı yaşıyor',
  'sık sık kesiliyor',
  'Amasya kampüsünde de var mı?',
  'salak gibi tasarlanmış',
  'harika bir etkinlikti',
  'sınav sonuçları açıklandı mı?',
  'Allah razı olsun',
  'malzeme eksik',
  'ambulans geç geldi',
  'götürmek için servis yok',
];
const EXTRAS = [
  '',
  ' @USER',
  ' #üniversite',
  ' bit.ly/abc123',
  ' numaram 0532 123 45 67',
  ' 😡😡',
  ' amk',
  ' deneme bonusu veren siteler',
  ' !!!',
  ' s.a.l.a.k',
  ' şifrem: Abc12345',
];

/** A deterministic corpus of varied university-comment sentences (no external data needed). */
export function builtinCorpus(size = 5000): string[] {
  // A 31-bit linear congruential generator. Math.imul keeps the product exact (a float product loses
  // its low bits past 2^53), and the high bits are used because an LCG's low bits repeat quickly.
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return (seed >>> 16) % n;
  };
  const out: string[] = [];
  for (let i = 0; i < size; i++) {
    const s = `${SUBJECTS[rnd(SUBJECTS.length)]} ${PREDICATES[rnd(PREDICATES.length)]}`;
    const tail = rnd(3) === 0 ? ` ${PREDICATES[rnd(PREDICATES.length)]}` : '';
    out.push(s + tail + (EXTRAS[rnd(EXTRAS.length)] ?? ''));
  }
  return out;
}
