/**
 * Bidirectional formatting characters, read the way a screen shows them.
 *
 * `sen tam bir \u202Enıskalas\u202C` displays as "sen tam bir salaksın": the right-to-left
 * override (RLO) makes the run show reversed. Matching must see what people see, so the text is
 * put in display order before normalisation and the formatting characters are dropped.
 *
 * This follows the explicit part of the Unicode Bidirectional Algorithm (UAX #9: X1-X10 levels,
 * I1-I2, L2 reordering) with one simplification that fits Turkish comments: every character that
 * is not under an override is treated as left-to-right. Embeddings and isolates therefore move
 * nothing on their own; overrides (RLO, LRO) and what is nested in them are reordered exactly.
 */

const LRE = 0x202a;
const RLE = 0x202b;
const PDF = 0x202c;
const LRO = 0x202d;
const RLO = 0x202e;
const LRI = 0x2066;
const RLI = 0x2067;
const FSI = 0x2068;
const PDI = 0x2069;
/** Deepest embedding level UAX #9 allows; deeper openings are ignored (overflow). */
const MAX_DEPTH = 125;

/** True for the explicit embedding, override and isolate controls (U+202A-202E, U+2066-2069). */
export function isBidiControl(code: number): boolean {
  return (code >= LRE && code <= RLO) || (code >= LRI && code <= PDI);
}

/** Paragraph separators end every embedding (UAX #9, P1 and X8). */
function isParagraphEnd(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x1c || code === 0x1d || code === 0x1e || code === 0x85 || code === 0x2029;
}

interface Frame {
  level: number;
  /** Forced direction inside an override: 1 right-to-left, 0 left-to-right, -1 none. */
  override: number;
  isolate: boolean;
}

/**
 * Original indices of `text[0..limit)` in display order, bidi controls left out; `null` when the
 * text has no bidi control (the common case: nothing to do).
 */
export function displayOrder(text: string, limit: number): Int32Array | null {
  let any = false;
  for (let i = 0; i < limit; i++) {
    if (isBidiControl(text.charCodeAt(i))) {
      any = true;
      break;
    }
  }
  if (!any) return null;
  const index = new Int32Array(limit);
  const levels = new Uint8Array(limit);
  let n = 0;
  let maxLevel = 0;
  const root: Frame = { level: 0, override: -1, isolate: false };
  let stack: Frame[] = [root];
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1]!;
    if (isBidiControl(c)) {
      if (c === PDF) {
        // Closes the innermost embedding or override, never an isolate (X7).
        if (stack.length > 1 && !top.isolate) stack.pop();
      } else if (c === PDI) {
        // Closes the innermost isolate and everything opened inside it (X6a).
        const at = stack.findLastIndex((f) => f.isolate);
        if (at > 0) stack = stack.slice(0, at);
      } else {
        const rtl = c === RLE || c === RLO || c === RLI;
        const level = rtl ? (top.level + 1) | 1 : (top.level + 2) & ~1;
        if (level <= MAX_DEPTH) {
          const override = c === RLO ? 1 : c === LRO ? 0 : -1;
          stack.push({ level, override, isolate: c === LRI || c === RLI || c === FSI });
        }
      }
      continue;
    }
    if (isParagraphEnd(c)) stack = [root];
    const frame = stack[stack.length - 1]!;
    // I1/I2: a character of the frame's direction stays at its level, the other direction goes one up.
    const rtl = frame.override === 1;
    const odd = (frame.level & 1) === 1;
    const level = rtl === odd ? frame.level : frame.level + 1;
    index[n] = i;
    levels[n++] = level;
    if (level > maxLevel) maxLevel = level;
  }
  // L2: from the highest level down to 1, reverse every run at that level or higher.
  for (let k = maxLevel; k >= 1; k--) {
    let i = 0;
    while (i < n) {
      if (levels[i]! < k) {
        i++;
        continue;
      }
      let j = i;
      while (j < n && levels[j]! >= k) j++;
      index.subarray(i, j).reverse();
      levels.subarray(i, j).reverse();
      i = j;
    }
  }
  return index.subarray(0, n);
}

/** `text` as displayed: overrides applied, bidi controls dropped (the same string when it has none). */
export function displayText(text: string): string {
  const order = displayOrder(text, text.length);
  if (!order) return text;
  let out = '';
  for (let i = 0; i < order.length; i++) out += text[order[i]!];
  return out;
}
