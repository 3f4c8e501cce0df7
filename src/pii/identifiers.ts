/**
 * Personal identifiers say nothing about which directorate a comment belongs to, but their labels
 * ("TC kimlik no", "öğrenci numarası", "telefon", "adres", "IBAN") and digits pulled comments to
 * whichever unit happened to see the most of them in training (ogrenci-isleri, bilgi-islem). The router
 * removes them before both of its models see the text, at training and at routing time, so that
 * "TC 123…, burs başvurumda hata var" is routed on "burs başvurumda hata var".
 */

/** Letters of a word, Turkish included (for the labels below). */
const L = '[\\p{L}]';

/** An e-mail address, also the "(at)"/"[at]" spelling. */
const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\])\s*[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;
/** A Turkish IBAN, with or without spaces. */
const IBAN = /(?:\biban\b\s*[:=]?\s*)?\bTR\s?\d{2}(?:\s?[\dA-Z]){20,24}\b/giu;
/** A postal address: from "Mah."/"Mahallesi"/"Cad."/"Sok."/"Bulvarı" through "No:", "Kat:", "Daire:", "D:" parts. */
const ADDRESS = new RegExp(
  `(?:${L}+\\s+)?(?:mah(?:alle(?:si)?)?|cad(?:de(?:si)?)?|sok(?:ak|a[gğ]ı)?|bulvar[ıi]?|blv)\\.?\\s+` +
    `(?:[\\p{L}\\p{N}.]+\\s+){0,4}?(?:no|kat|daire|d)\\s*[:.]?\\s*\\d+(?:\\s*[,/]?\\s*(?:kat|daire|d|no)\\s*[:.]?\\s*\\d+)*`,
  'giu',
);
/** A label for an identifier followed by its value (a number of 5 or more digits, spaces allowed). */
const LABELLED_NUMBER = new RegExp(
  `(?:\\b(?:t\\.?\\s?c\\.?|tckn|kimlik|sicil|pasaport|passport|student|[öo][ğg]renci|okul|telefon|tel|cep|gsm|iban|no)` +
    `${L}*\\.?(?:\\s+${L}+\\.?){0,2}\\s*[:=]?\\s*)?(?:\\+?\\d[\\d\\s()./-]{3,}\\d|[A-Z]\\d{6,})`,
  'giu',
);
/** "Ad: Ayşe Yılmaz", "Ad Soyad: …". */
const NAME_FIELD = /\b[Aa]d(?:\s*[Ss]oyad)?\s*:\s*\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2}/gu;

/**
 * The text with e-mail addresses, IBANs, postal addresses, labelled identifiers and long numbers
 * (phone, TC, student, passport numbers) replaced by a space. Short numbers ("3 aydır", "B4",
 * "2. kat") stay: they are not identifiers and can carry meaning.
 */
export function maskIdentifiers(text: string): string {
  if (!/\d|@|\(at\)|\[at\]|ad\s*:/iu.test(text)) return text;
  return text
    .replace(EMAIL, ' ')
    .replace(IBAN, ' ')
    .replace(ADDRESS, ' ')
    .replace(NAME_FIELD, ' ')
    .replace(LABELLED_NUMBER, (m) => (/\d{5}/.test(m.replace(/[\s()./-]/g, '')) ? ' ' : m));
}
