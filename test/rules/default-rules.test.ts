import { beforeAll, describe, expect, it } from 'vitest';
import { RuleEngine } from '../../src/rules/engine.js';
import { fakeClassifier, RULES_DIR } from './helpers.js';

let engine: RuleEngine;
beforeAll(async () => {
  engine = await RuleEngine.load(RULES_DIR, {
    classifiers: { offensive: fakeClassifier() },
    pii: { institutionalDomains: ['ornek.edu.tr'], institutionalPhones: ['0212 285 30 30'] },
  });
});

const judge = (text: string) => engine.evaluate({ text });

describe('default rules: Turkish traps stay visible', () => {
  const traps = [
    'Amasya kampüsüne servis var mı?',
    "Koç Üniversitesi'yle ortak proje",
    'Kitapları kütüphaneye götürmek istiyorum',
    'Yemekhanede büyük sıkıntı var',
    'sikinti cok buyuk',
    'Amin, inşallah düzelir',
    'Osmanlı sikke sergisi harika',
    'Hafif siklet boks şampiyonu öğrencimiz',
    'Mal varlığı beyanı ne zaman?',
    'Laboratuvar malzeme listesi',
    'ama olmadı',
    'Allah razı olsun hocam',
    'Sıkı çalışın',
    'Sık sık kesinti oluyor',
    'Ambulans geç geldi',
    'Amcam da mezun',
    'Malatya şubesi',
    'Bu normal değil',
    'sınav sıkıcıydı',
    'çok sıkıldım',
  ];
  for (const t of traps) {
    it(t, () => {
      const d = judge(t);
      expect(['allow', 'review']).toContain(d.action);
      expect(d.categories).not.toContain('insult');
    });
  }
  it('harsh but legitimate criticism is a complaint, not an insult', () => {
    const d = judge('Yemekhane rezalet, yönetim berbat! Şikayetimize hâlâ dönüş yapılmadı');
    expect(d.action).toBe('allow');
    expect(d.categories).toContain('complaint');
    expect(d.categories).not.toContain('insult');
  });
});

describe('default rules: violations', () => {
  it.each([
    ['Sen tam bir orospu çocuğusun', 'insult'],
    ['s.i.k.t.i.r git', 'insult'],
    ['amk hocası', 'insult'],
    ['seni öldüreceğim bekle', 'harassment'],
    ['deneme bonusu veren siteler burada', 'advertising'],
    ['takipçi satın almak için dm', 'advertising'],
  ])('%s → hidden as %s', (text, cat) => {
    const d = judge(text);
    expect(d.action).toBe('hide');
    expect(d.categories).toContain(cat);
    for (const m of d.matches) for (const s of m.spans) expect(s.end).toBeLessThanOrEqual(text.length);
  });

  it('context-dependent insults added from OffensEval go to review; look-alike words do not', () => {
    for (const text of ['Sen tam bir terbiyesizsin', 'Sen müdürün yalakasısın', 'Allah belanızı versin', 'Bu adam keko']) {
      const d = judge(text);
      expect(d.action, text).toBe('review');
      expect(
        d.matches.map((m) => m.ruleId),
        text,
      ).toContain('insult-contextual');
    }
    for (const text of ['Teşekkürler hocam, eline sağlık', 'Kampüste eşekarısı yuvası var, görevliler baksın', 'Bu yıl bela gibi bir dönemdi']) {
      expect(judge(text).categories, text).not.toContain('insult');
    }
  });

  it('a hidden insult inside a complaint is still routed as a complaint', () => {
    const text = 'Öğrenci işleri rezalet, amk telefonu kimse açmıyor';
    const d = judge(text);
    expect(d.action).toBe('hide');
    expect(d.categories).toEqual(expect.arrayContaining(['insult', 'complaint']));
    const insult = d.matches.find((m) => m.ruleId === 'insult-strong')!;
    expect(text.slice(insult.spans[0]!.start, insult.spans[0]!.end)).toBe('amk');
    expect(insult.reason).toBe('Küfür/hakaret içeriyor: amk');
  });

  it('validated personal data is hidden, format-only goes to review, institutional contacts pass', () => {
    expect(judge('Numaram 0532 123 45 67 arayın').action).toBe('hide');
    expect(judge('Ofis hattım 0312 444 55 66').action).toBe('review');
    expect(judge('Bilgi için 0212 285 30 30 ve bilgi@ornek.edu.tr').categories).not.toContain('private_data');
    const d = judge('Numaram 0532 123 45 67 arayın');
    expect(d.redactedText).toBe('Numaram [TELEFON] arayın');
    expect(d.matches[0]!.reason).not.toContain('0532');
  });

  it('requests are detected and allowed', () => {
    const d = judge('Kayıt tarihi ne zaman açıklanacak, yardımcı olur musunuz?');
    expect(d.action).toBe('allow');
    expect(d.categories).toContain('request');
  });

  it('the account owner is exempt from removal rules but not from PII protection', () => {
    expect(engine.evaluate({ text: 'amk', authorIsOwner: true }).action).toBe('allow');
    expect(engine.evaluate({ text: 'IBAN TR330006100519786457841326', authorIsOwner: true }).action).toBe('hide');
  });

  it('carries scores and the rule-set version', () => {
    const d = judge('merhaba');
    expect(d.scores.offensive).toBe(0);
    // Scores are computed when a rule consults them: the learned hate-speech head only behind a group word.
    const known = ['advertising', 'complaint', 'harassment', 'hate_speech', 'offensive', 'request'];
    for (const k of Object.keys(d.scores)) expect(known).toContain(k);
    expect(d.scores.hate_speech).toBeUndefined();
    expect(judge('Suriyeli öğrenciler').scores.hate_speech).toBeDefined();
    expect(d.ruleSetVersion).toBe(engine.version);
    expect(engine.version).toMatch(/^[0-9a-f]{16}$/);
  });
});
