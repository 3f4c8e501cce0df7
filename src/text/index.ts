/** Turkish text handling: normalisation with offset maps and term matching. */
export { normalize, toOriginalSpan, MAX_INPUT_CHARS, type NormalizedText, type Token } from './normalize.js';
export { TermMatcher, parseTerm, normalizeTerm, type TermSpec, type TermHit, type TermMode } from './terms.js';
export { lowerTr, lowerTrChar, foldAscii, spellsTerm, isWordChar, isLetter } from './chars.js';
export { storableText } from './storable.js';
export { stripSuffixes, MIN_STEM } from './stem.js';
export { compileLinear, compileLinearOrThrow, type LinearPattern, type PatternError } from './regex.js';
