/**
 * Checksums and number plans for Turkish personal data. Inputs are digit strings (or an IBAN
 * without separators); no I/O, no regexes over untrusted text.
 */

/** T.C. Kimlik No: 11 digits, no leading 0, two check digits. */
export function isValidTckn(digits: string): boolean {
  if (!/^[1-9][0-9]{10}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const c10 = (((odd * 7 - even) % 10) + 10) % 10;
  if (c10 !== d[9]) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += d[i]!;
  return sum % 10 === d[10];
}

/** ISO 13616 mod-97 check over an IBAN without separators (any country). */
export function ibanMod97(iban: string): boolean {
  const s = iban.toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[0-9A-Z]+$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const val = code >= 65 ? String(code - 55) : ch;
    for (const digit of val) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** Turkish IBAN: TR + 2 check digits + 5-digit bank code + reserve digit + 16 characters, mod-97. */
export function isValidTrIban(iban: string): boolean {
  const s = iban.toUpperCase();
  return /^TR[0-9]{2}[0-9]{5}[0-9][0-9A-Z]{16}$/.test(s) && ibanMod97(s);
}

/** Luhn (mod 10) over a digit string. */
export function luhn(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Card number: 13–19 digits, a known scheme prefix (Visa, Mastercard, Amex, Troy, …) and Luhn. */
export function isValidCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^(?:[2-6]|9792)/.test(digits)) return false;
  return luhn(digits);
}

export type PhoneKind = 'mobile' | 'fixed' | 'business';

/** Mobile, pager and personal ranges of the Turkish number plan (libphonenumber TR metadata). */
const MOBILE = /^5(?:0[15-7]|1[06]|24|[34][0-9]|5[1-59]|9[46]|12|92)[0-9]{7}$/;
/** Geographic area codes (Istanbul 212/216 … Hakkari 438). */
const AREA_CODES = new Set(
  (
    '212 216 222 224 226 228 232 236 242 246 248 252 256 258 262 264 266 272 274 276 282 284 286 288 ' +
    '312 318 322 324 326 328 332 338 342 344 346 348 352 354 356 358 362 364 366 370 372 374 376 378 380 ' +
    '382 384 386 388 412 414 416 422 424 426 428 432 434 436 438 442 446 452 454 456 458 462 464 466 472 ' +
    '474 476 478 482 484 486 488'
  ).split(' '),
);
const BUSINESS = /^(?:850|800|900|888|898)[0-9]{7}$/;

/** Classify a 10-digit national significant number (or a 7-digit 444 number); null when not a TR number. */
export function classifyTrPhone(nsn: string): PhoneKind | null {
  if (/^444[0-9]{4}$/.test(nsn)) return 'business';
  if (nsn.length !== 10) return null;
  if (MOBILE.test(nsn)) return 'mobile';
  if (AREA_CODES.has(nsn.slice(0, 3))) return 'fixed';
  if (BUSINESS.test(nsn)) return 'business';
  return null;
}

/** National significant number of a phone written in any common way (+90, 0090, 0, separators). */
export function nationalNumber(written: string): string {
  let d = written.replace(/[^0-9]/g, '');
  if (d.startsWith('0090')) d = d.slice(4);
  else if (d.startsWith('90') && d.length === 12) d = d.slice(2);
  if (d.startsWith('0') && d.length === 11) d = d.slice(1);
  return d;
}
