/**
 * The shipped judgment heads (rules/models/{harassment,hate-speech,advertising}-tr.json, trained on
 * rules/data/train) rank sentences written for this test (not in the training data) the right way round:
 * threats, group hate and spam above everyday comments that share their words.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from '../../src/classifier/index.js';

const head = (file: string) => loadClassifier(fileURLToPath(new URL(`../../rules/models/${file}`, import.meta.url)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const cases = {
  'harassment-tr.json': {
    positive: [
      'Mühendislik binasının önünde akşam seni bekleyeceğim, tek başına çık bakalım.',
      'Numaranı başka arkadaşından aldım, açmazsan her gece arayacağım.',
      'Videoyu sildirmek istiyorsan yarın para getir, yoksa herkes izler.',
      'Koridordaki kızın adını ve yurdunu bilen yazsın, tanışmam lazım.',
    ],
    negative: [
      'Akşam kütüphanenin önünde bekleyeceğim, birlikte çalışalım mı?',
      'Numaranı kulüp grubuna ekledim, toplantı linki oradan gelecek.',
      'Mezuniyet videosu yarın yayında, herkes izlesin.',
      'Koridordaki panoda yurt başvuru tarihleri yazıyor.',
    ],
  },
  'hate-speech-tr.json': {
    positive: [
      'Suriyeliler bu kampüste okumasın, hepsi kendi ülkesine.',
      'Kadınlardan mühendis olmaz, laboratuvar onların yeri değil.',
      'Afganlar sürü gibi geliyor, hepsi suçlu.',
      'Eşcinseller hasta, okuldan atılmalı.',
    ],
    negative: [
      'Suriyeli öğrencilerle dil değişimi buluşması cuma günü.',
      'Kadın mühendisler paneline herkesi bekliyoruz.',
      'Afgan öğrencilerin diploma denkliği ne zaman çıkar?',
      'Eşcinsel arkadaşlarımıza yurtta yapılan zorbalığa karşı imza topluyoruz.',
    ],
  },
  'advertising-tr.json': {
    positive: [
      'Ödev ve proje yaptırmak isteyenler profilimdeki numaraya yazsın, uygun fiyat.',
      'Günde 1 saatle ek gelir, detaylar için DM at.',
      'Yatırımsız bonus kampanyası olan bahis adresleri bioda duruyor.',
      'Takipçi paketleri yarı fiyatına, sipariş için mesaj.',
    ],
    negative: [
      'Ödev teslim tarihi uzatıldı mı, hocadan haber var mı?',
      'KYK ödemesi bu ay yine gecikti, ne zaman yatacak?',
      'Bahis bağımlılığı semineri perşembe günü konferans salonunda.',
      'Kulübümüzü takip eden herkese teşekkürler.',
    ],
  },
} as const;

describe('shipped judgment heads', () => {
  for (const [file, { positive, negative }] of Object.entries(cases)) {
    it(`${file} scores its category above look-alike everyday comments`, () => {
      const clf = head(file);
      const pos = positive.map((t) => clf.score(t));
      const neg = negative.map((t) => clf.score(t));
      expect(mean(pos)).toBeGreaterThan(mean(neg) + 0.3);
      for (const p of pos) expect(p).toBeGreaterThan(Math.max(...neg) - 0.1);
    });
  }
});
