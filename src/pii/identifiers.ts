/**
 * Personal identifiers say nothing about which directorate a comment belongs to, but their labels
 * ("TC kimlik no", "öğrenci numarası", "telefonum", "IBAN") and digits pulled comments to whichever
 * unit happened to see the most of them in training (ogrenci-isleri, bilgi-islem). The router removes
 * them before both of its models see the text, at training and at routing time, so that
 * "TC 10000000146, burs başvurumda hata var" is routed on "burs başvurumda hata var".
 *
 * What counts as an identifier is decided by the personal-data detector alone (detect.ts: checksums,
 * number plans, context-found student numbers, postal addresses); this module only adds the words that
 * announce a finding and the tags redaction leaves in its place (tickets are routed on redacted text).
 */
import { detectPersonalData, type PiiOptions } from './detect.js';
import { PII_TAGS } from './redact.js';

/**
 * Label words directly before an identifier: up to four of them, each with its suffixes ("numaram",
 * "telefonum"), with an optional colon. Only ever removed next to a finding. Words that are routing
 * evidence themselves ("şifre", "e-posta", "adres") are not labels here.
 */
const LABEL_BEFORE = new RegExp(
  '(?:(?<![\\p{L}\\p{N}])' +
    '(?:t\\.?\\s?c\\.?|tckn|kimlik|sicil|[öo][ğg]renci|[öo][ğg]r|okul|student|numara|no|number|telefon|tel|cep|gsm|iban)' +
    '[\\p{L}]*\\.?\\s*[:=]?\\s*){1,4}$',
  'iu',
);

/** The tags redaction writes (redact.ts), escaped for a pattern. */
const TAG_RE = new RegExp([...new Set(Object.values(PII_TAGS))].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu');

/** How far back a label may start (characters). */
const LABEL_REACH = 48;

/**
 * The text with every identifier the personal-data detector finds (and every redaction tag) replaced
 * by a space, together with the label words right before it. Everything the detector leaves alone
 * stays: short numbers ("3 aydır", "B4", "2. kat"), course codes, dates, fees.
 */
export function maskIdentifiers(text: string, opts: PiiOptions = {}): string {
  const spans: Array<{ start: number; end: number }> = detectPersonalData(text, opts).map((f) => ({ start: f.start, end: f.end }));
  if (text.includes('[')) for (const m of text.matchAll(TAG_RE)) spans.push({ start: m.index, end: m.index + m[0].length });
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos) continue;
    const before = text.slice(Math.max(pos, s.start - LABEL_REACH), s.start);
    const label = LABEL_BEFORE.exec(before);
    const start = label ? s.start - label[0].length : s.start;
    out += text.slice(pos, start) + ' ';
    pos = s.end;
  }
  return out + text.slice(pos);
}
