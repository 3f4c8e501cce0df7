/**
 * A small Turkish suffix stripper for ASCII-folded, lower-cased words ("yemekhanedeki" → "yemekhane",
 * "transkriptimi" → "transkript", "giremiyorum" → "gir"). Turkish is agglutinative: a noun takes
 * plural, possessive, case and copula suffixes in that order, a verb negation, tense and person.
 * Stripping them from the end, longest first, while a stem of at least `MIN_STEM` letters remains,
 * brings the many forms of one word together for routing. It is deliberately conservative (no
 * dictionary, so "kitap/kitabı" softening is left to the character n-grams).
 *
 * natural's stemmers and tokenisers are for English and break Turkish words (see
 * /rules/models/README.md); this is the measured alternative used by src/routing/features.ts.
 */

/** Shortest stem left after stripping. */
export const MIN_STEM = 4;

/**
 * Suffix forms after ASCII folding (ı→i, ü→u, ö→o, ş→s, ç→c, ğ→g), grouped from the outside in.
 * Each pass removes the longest matching suffix of one group.
 */
const GROUPS: string[][] = [
  // person and copula endings, question particle glued on by careless writers
  ['yiz', 'siniz', 'sunuz', 'sin', 'sun', 'dir', 'dur', 'tir', 'tur', 'lar', 'ler', 'im', 'um', 'iz', 'uz', 'ki'],
  // tense, mood and negation
  [
    'iyor',
    'uyor',
    'yor',
    'madi',
    'medi',
    'mamis',
    'memis',
    'amadi',
    'emedi',
    'amiyor',
    'emiyor',
    'miyor',
    'muyor',
    'acak',
    'ecek',
    'abilir',
    'ebilir',
    'mis',
    'mus',
    'di',
    'du',
    'ti',
    'tu',
    'mak',
    'mek',
  ],
  // case
  [
    'ndan',
    'nden',
    'ndaki',
    'ndeki',
    'daki',
    'deki',
    'taki',
    'teki',
    'dan',
    'den',
    'tan',
    'ten',
    'nda',
    'nde',
    'da',
    'de',
    'ta',
    'te',
    'nin',
    'nun',
    'yla',
    'yle',
    'ile',
    'ya',
    'ye',
    'yi',
    'yu',
    'ni',
    'nu',
    'in',
    'un',
    'i',
    'u',
  ],
  // possessive
  ['imiz', 'umuz', 'iniz', 'unuz', 'lari', 'leri', 'si', 'su', 'im', 'um', 'in', 'un', 'i', 'u'],
  // plural
  ['lar', 'ler'],
];

const SORTED = GROUPS.map((g) => [...g].sort((a, b) => b.length - a.length));

/** The stem of one ASCII-folded, lower-cased word. Words of `MIN_STEM` letters or fewer are kept. */
export function stripSuffixes(word: string): string {
  let w = word;
  for (const group of SORTED) {
    for (const suffix of group) {
      if (w.length - suffix.length >= MIN_STEM && w.endsWith(suffix)) {
        w = w.slice(0, w.length - suffix.length);
        break;
      }
    }
  }
  return w;
}
