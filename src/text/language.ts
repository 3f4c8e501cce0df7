/**
 * A cheap language guess for the two languages comments come in: Turkish and English. Counting
 * very common function words of each language (and Turkish letters and suffixes) is enough to tell
 * them apart on comments of a few words; no model, no allocation beyond one pass over the words.
 */
export type Language = 'tr' | 'en' | 'unknown';

const EN = new Set(
  'the a an and or but if of to in on at for from with by about as is are was were be been am do does did not no yes you your yours yourself he she it its they them their we our us i me my mine this that these those there here what when where who why how which will would can could should shall may might must have has had get got go going just so all any some every very too please thanks thank hello hi lol omg dont cant wont im its youre ur u out up down back after before again never always only also than then now'.split(
    ' ',
  ),
);
const TR = new Set(
  've bir bu şu o da de çok için ne mi mı mu mü ben sen biz siz onlar var yok gibi daha ama ile her hiç kadar nasıl neden niye artık hocam değil sonra olsun oldu olan olarak diye hem en ya yani bile tüm bütün hep şey lan abi kanka hocalar teşekkürler merhaba selam tamam evet hayır lütfen cok icin degil'.split(
    ' ',
  ),
);
const TR_LETTERS = /[çğışöüÇĞİŞÖÜ]/u;
const TR_SUFFIX = /(?:lar|ler|yor|yorum|sın|sin|miş|mış|dır|dir|nız|niz|ımız|imiz|acak|ecek|dım|dim|ında|inde)$/u;
const WORD = /[\p{L}']+/gu;

/** Guess the language of `text`. `unknown` when neither side has clear evidence. */
export function detectLanguage(text: string): Language {
  let en = 0;
  let tr = 0;
  let words = 0;
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    words++;
    if (EN.has(w)) en++;
    else if (TR.has(w)) tr++;
    else if (TR_LETTERS.test(w)) tr++;
    else if (w.length > 4 && TR_SUFFIX.test(w)) tr += 0.5;
    if (words >= 60) break;
  }
  if (words === 0) return 'unknown';
  if (en >= 1 && en >= 2 * tr && (en >= 2 || words <= 3)) return 'en';
  if (tr >= 1 && tr >= en) return 'tr';
  return 'unknown';
}
