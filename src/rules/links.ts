/** Links and bare domains in a comment, with the host for domain-list checks. */
import type { Span } from './types.js';

export interface Link extends Span {
  host: string;
}

/** Well-known URL shorteners. `t.co` is left out: X wraps every link with it. */
export const SHORTENERS = [
  'bit.ly',
  'tinyurl.com',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'buff.ly',
  'cutt.ly',
  'rebrand.ly',
  'shorturl.at',
  'rb.gy',
  't.ly',
  'bit.do',
  's.id',
  'tiny.cc',
  'v.gd',
  'shorte.st',
  'adf.ly',
  'soo.gd',
  'clck.ru',
  'qr.ae',
  'tr.ee',
  'bl.ink',
  'short.gy',
];

const TLDS =
  'com|net|org|info|biz|io|co|me|ly|gl|gd|to|xyz|top|site|online|club|bet|casino|vip|app|link|live|tv|tr|ru|cc|pw|win|fun|store|shop|icu|in|id|at|ee|ae|gy|do|st|us|eu|de|uk';
const URL_RE = new RegExp(
  `(?:https?://[^\\s/?#<>"']{1,253}[^\\s<>"']{0,2000})|(?<![\\p{L}\\p{N}@._-])(?:www\\.)?(?:[\\p{L}\\p{N}-]{1,63}\\.){1,4}(?:${TLDS})(?![\\p{L}\\p{N}-])(?:/[^\\s<>"']{0,500})?`,
  'giu',
);

/** Every link in `text` (offsets into `text`), with a lower-case host without `www.`. */
export function findLinks(text: string): Link[] {
  const out: Link[] = [];
  // Cheap pre-check: every link has a dot followed by an ASCII letter.
  if (!/\.[a-zA-Z]/.test(text)) return out;
  for (const m of text.matchAll(URL_RE)) {
    const s = m[0];
    const hostPart = s.replace(/^https?:\/\//i, '').split(/[/?#:]/)[0] ?? '';
    const host = hostPart
      .toLowerCase()
      .replace(/^www\./, '')
      .replace(/\.$/, '');
    if (!host.includes('.')) continue;
    out.push({ start: m.index, end: m.index + s.length, host });
  }
  return out;
}

/** `host` is `domain` or one of its subdomains. */
export function hostMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^www\./, '');
  return host === d || host.endsWith('.' + d);
}
