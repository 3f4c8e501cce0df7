/**
 * Personal data found by its context rather than by a checksum: student numbers of any length
 * introduced by "öğrenci no", "numaram", "student number", "no:" …, and Turkish postal addresses
 * (two or more of Mah./Cad./Sok./No:/D:/Daire/Kat/Apt/Blok/posta kodu/ilçe-il, close together).
 * Neither can be proved, so findings are format-only (validated: false) with a confidence that
 * grows with the evidence.
 */
import type { PiiFinding } from '../core/decision.js';

const L = '\\p{L}';
/** A number announced as a student/school number, in Turkish or English, with optional colon. */
const STUDENT_INTRO = new RegExp(
  [
    '(?:[öo][ğg]renci|[öo][ğg]r\\.?|okul|student)\\s*(?:no|nu?mara(?:m|s[ıi]|m[ıi]z)?|numaras[ıi]|number|id|num)\\.?',
    '(?<![' + L + '])numaram',
    '(?<![' + L + '])(?:my\\s+)?(?:student\\s+)?(?:number|no)\\s+is',
    '(?<![' + L + '])no\\s*[:=]',
  ].join('|'),
  'giu',
);
const STUDENT_NUMBER = /^\s*(?:[:=#.-]\s*|is\s+|olarak\s+)?([A-Za-z]?[0-9]{5,13})(?![0-9])/u;
/** "21060123 numaralı öğrenci", "190401045 nolu öğrenciyim", "… numara, mezuniyet …". */
const NUMBER_BEFORE = /(?<![0-9])([A-Za-z]?[0-9]{6,13})\s+(?:numaral[ıi]|nolu|no'?lu|numara(?:s[ıi])?)(?:\s+[öo][ğg]renci|\s*,)/giu;

/** Student numbers introduced by context. */
export function contextStudentNumbers(src: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  STUDENT_INTRO.lastIndex = 0;
  for (let m = STUDENT_INTRO.exec(src); m !== null; m = STUDENT_INTRO.exec(src)) {
    const after = src.slice(m.index + m[0].length, m.index + m[0].length + 24);
    const n = STUDENT_NUMBER.exec(after);
    if (!n) continue;
    const value = n[1] as string;
    const start = m.index + m[0].length + (n[0].length - value.length);
    // "no: 12" is a door number; a bare "no" needs a long number to count as a student number.
    const bareNo = /^no/i.test(m[0]);
    if (bareNo && value.replace(/[^0-9]/g, '').length < 7) continue;
    out.push({ type: 'student_number', start, end: start + value.length, validated: false, confidence: bareNo ? 0.6 : 0.9 });
  }
  NUMBER_BEFORE.lastIndex = 0;
  for (let m = NUMBER_BEFORE.exec(src); m !== null; m = NUMBER_BEFORE.exec(src)) {
    const value = m[1] as string;
    out.push({ type: 'student_number', start: m.index, end: m.index + value.length, validated: false, confidence: 0.8 });
  }
  return out;
}

/** Parts of a postal address; each match is one piece of evidence. */
const ADDRESS_PART = new RegExp(
  [
    `(?<![${L}])(?:mahallesi|mahalle|mah\\.?|mh\\.)(?![${L}])`,
    `(?<![${L}])(?:caddesi|cadde|cad\\.?|cd\\.)(?![${L}])`,
    `(?<![${L}])(?:soka[ğg][ıi]|sokak|sok\\.?|sk\\.)(?![${L}])`,
    `(?<![${L}])(?:bulvar[ıi]|blv\\.?)(?![${L}])`,
    `(?<![${L}])(?:apartman[ıi]|apt\\.?)(?![${L}])`,
    `(?<![${L}])(?:sitesi)(?![${L}])`,
    `(?<![${L}])no\\s*[:.]?\\s*[0-9]{1,4}(?:\\s*/\\s*[0-9]{1,3})?`,
    `(?<![${L}])(?:d|daire)\\s*[:.]?\\s*[0-9]{1,3}(?![0-9])`,
    `(?<![${L}])kat\\s*[:.]?\\s*[0-9]{1,2}(?![0-9])`,
    `(?<![${L}])[a-z]\\s+blok(?![${L}])`,
    `(?<![0-9])[0-9]{5}(?![0-9])(?=\\s+[${L}])`,
    `(?<![${L}])[${L}]{3,}\\s*/\\s*[${L}]{3,}(?![${L}])`,
  ].join('|'),
  'giu',
);
/** Parts closer than this (characters) belong to the same address. */
const GAP = 40;

/** Postal addresses: at least two distinct parts close together, one of them a street or number part. */
export function postalAddresses(src: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  let start = -1;
  let end = -1;
  let kinds = new Set<number>();
  const flush = (): void => {
    if (kinds.size >= 2 && (kinds.has(6) || kinds.has(7) || kinds.has(2)) && (kinds.has(0) || kinds.has(1) || kinds.has(2) || kinds.has(3) || kinds.has(4))) {
      out.push({ type: 'address', start, end, validated: false, confidence: kinds.size >= 3 ? 0.95 : 0.8 });
    }
    kinds = new Set();
    start = -1;
  };
  ADDRESS_PART.lastIndex = 0;
  for (let m = ADDRESS_PART.exec(src); m !== null; m = ADDRESS_PART.exec(src)) {
    const kind = partKind(m[0]);
    if (start >= 0 && m.index - end > GAP) flush();
    if (start < 0) {
      // The address begins with the name before "Mah."/"Cad."/"Sok." (up to three words).
      start = kind <= 5 ? wordsBack(src, m.index, 3) : m.index;
    }
    end = m.index + m[0].length;
    kinds.add(kind);
  }
  if (start >= 0) flush();
  return out;
}

function partKind(s: string): number {
  const t = s.toLocaleLowerCase('tr');
  if (/^(?:mah|mh)/u.test(t)) return 0;
  if (/^(?:cad|cd)/u.test(t)) return 1;
  if (/^(?:sok|sk)/u.test(t)) return 2;
  if (/^(?:bulv|blv)/u.test(t)) return 3;
  if (/^(?:apart|apt)/u.test(t)) return 4;
  if (t === 'sitesi') return 5;
  if (/^no/u.test(t)) return 6;
  if (/^(?:d|daire)\s*[:.]?\s*[0-9]/u.test(t)) return 7;
  if (/^kat/u.test(t)) return 8;
  if (/blok$/u.test(t)) return 9;
  if (/^[0-9]{5}$/u.test(t)) return 10;
  return 11;
}

/** Offset of the start of the `n`-th word before `i` (names like "Mimar Sinan Mah."). */
function wordsBack(src: string, i: number, n: number): number {
  let j = i;
  for (let k = 0; k < n; k++) {
    let p = j;
    while (p > 0 && /\s/u.test(src[p - 1] as string)) p--;
    let q = p;
    while (q > 0 && /[\p{L}\p{N}.']/u.test(src[q - 1] as string)) q--;
    if (q === p) break;
    const word = src.slice(q, p);
    // Stop at words that cannot be part of a street or quarter name.
    if (/^(?:adresim|adres|evim|ev|adresi|yeni|bu|benim|kızın|evi|:)$/iu.test(word) || !/^[\p{Lu}0-9]/u.test(word)) break;
    j = q;
  }
  return j;
}
