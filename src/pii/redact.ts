/** Replace personal data with Turkish tags so a comment can be stored and shown safely. */
import type { PiiFinding, PiiType } from '../core/decision.js';

/** The tag that replaces each kind of personal data. */
export const PII_TAGS: Readonly<Record<PiiType, string>> = {
  tckn: '[TC KİMLİK NO]',
  iban: '[IBAN]',
  card: '[KART NO]',
  phone: '[TELEFON]',
  email: '[E-POSTA]',
  student_number: '[ÖĞRENCİ NO]',
  credential: '[PAROLA]',
  address: '[ADRES]',
};

/** Turkish names of the kinds, for reasons and explanations. */
export const PII_LABELS: Readonly<Record<PiiType, string>> = {
  tckn: 'T.C. kimlik numarası',
  iban: 'IBAN',
  card: 'kart numarası',
  phone: 'telefon numarası',
  email: 'e-posta adresi',
  student_number: 'öğrenci numarası',
  credential: 'parola',
  address: 'posta adresi',
};

/**
 * `text` with every finding replaced by its tag. Overlapping findings are merged (the first by
 * offset wins); findings outside the text are ignored.
 */
export function redactText(text: string, findings: readonly PiiFinding[]): string {
  const sorted = [...findings].filter((f) => f.start >= 0 && f.end <= text.length && f.end > f.start).sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const f of sorted) {
    if (f.start < pos) continue;
    out += text.slice(pos, f.start) + PII_TAGS[f.type];
    pos = f.end;
  }
  return out + text.slice(pos);
}
