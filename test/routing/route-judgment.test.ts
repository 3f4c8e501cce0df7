/**
 * Router behaviour added for issue 8 (routing >= 0.85): identifiers masked before routing, units named
 * in the text, kurumsal-iletisim keywords as a fallback only, the training-data CV of the router and
 * the conventions written in rules/data/README.md. Sentences are written here, not taken from
 * rules/data/dev.
 */
import { describe, expect, test } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { loadRouter, maskIdentifiers, parseRoutingFile, REQUIRED_DIRECTORATES } from '../../src/routing/index.js';
import { createRouter, ROUTING_MIN_CONFIDENCE } from '../../src/routing/router.js';
import { RoutingModel } from '../../src/routing/model.js';
import { crossValidateJudgment } from '../../src/routing/judgment-cv.js';
import type { JudgmentRow } from '../../src/classifier/judgment.js';

const router = loadRouter('rules/routing.yaml');

describe('maskIdentifiers', () => {
  test('removes what the personal-data detector finds, with the label words before it', () => {
    const cases: Array<[string, RegExp]> = [
      ['TC kimlik numaram 10000000146, yemek bursu çıkmadı', /^\W*yemek bursu çıkmadı$/],
      ['ogrenci no: 2019123456 obs sifremi sifirlayamiyorum', /^\W*obs sifremi sifirlayamiyorum$/],
      ['İade için IBAN TR33 0006 1005 1978 6457 8413 26 hesabıma yatırın', /^İade için\s+hesabıma yatırın$/],
      ['bana ayse.yilmaz@ornek.com adresinden ulasin', /^bana\s+adresinden ulasin$/],
      ['Adresim Çamlık Mah. Lale Sok. No: 7 Daire: 4, evrak gelmedi', /^Adresim\s+, evrak gelmedi$/],
      ['telefonum 0 532 000 00 00 arayin', /^\s*arayin$/],
      ['Kısmi zamanlı çalışma ücretim yatmadı, öğrenci numaram 2019340021.', /^Kısmi zamanlı çalışma ücretim yatmadı,\s+\.$/],
    ];
    for (const [text, want] of cases) expect(maskIdentifiers(text)).toMatch(want);
  });

  test('masks exactly the detector’s findings: what it does not count as personal data stays', () => {
    // Not checksum-valid, so not a T.C. kimlik number for the detector, nor for the router.
    expect(maskIdentifiers('TC 12345678901 yemek bursu')).toBe('TC 12345678901 yemek bursu');
    // A label word with no identifier after it is routing text like any other.
    expect(maskIdentifiers('öğrenci numaramı unuttum')).toBe('öğrenci numaramı unuttum');
    // Words that are routing evidence stay before a finding: only the secret goes.
    expect(maskIdentifiers('şifre: Abc.1234 ile giremiyorum')).toMatch(/^şifre:\s+ile giremiyorum$/);
  });

  test('removes the tags redaction leaves, since tickets are routed on redacted text', () => {
    expect(maskIdentifiers('[TC KİMLİK NO] kira yardımı başvurum ne oldu')).toMatch(/^\s*kira yardımı başvurum ne oldu$/);
    expect(maskIdentifiers('Öğrenci numaram [ÖĞRENCİ NO], telefonum [TELEFON] yemek bursum yatmadı')).toMatch(/^\W*yemek bursum yatmadı$/);
    const plain = 'kira yardımı başvurum ne oldu';
    expect(router.route(`[TC KİMLİK NO] ${plain}`).alternatives).toEqual(router.route(plain).alternatives);
  });

  test('leaves short numbers, dates of the calendar, course codes and room numbers alone', () => {
    for (const text of [
      'Yemekhane 3 gündür kapalı, 2 hafta oldu',
      'B-204 dersliğinde klima çalışmıyor',
      'MAT 101 dersi 14:30da başlıyor',
      'Yurdun 4. katında sıcak su yok',
      'Harç 1500 TL olmuş',
      'Ders kaydı yapamadım',
      'Ders kodu 2021104, hangi derslikte?',
    ]) {
      expect(maskIdentifiers(text)).toBe(text);
    }
  });

  test('a complaint carrying the writer’s identifiers goes where the complaint alone goes', () => {
    const plain = 'yemek bursum iki aydır yatmadı';
    expect(router.route(plain).directorate).toBe('sks');
    for (const text of [
      `TC 10000000146, ${plain}`,
      `öğrenci numaram 21034567, ${plain}`,
      `${plain}, telefonum 0555 000 11 22 dönüş yapın`,
      `${plain}. Ad: Ece Tunalı`,
    ]) {
      expect(router.route(text).directorate).toBe('sks');
    }
  });
});

describe('unit names', () => {
  test('routing.yaml accepts an optional names list and rejects a non-list', () => {
    const base = ['version: 1', 'directorates:'];
    const unit = (extra: string): string[] => [
      '  - id: sks',
      '    name: SKS',
      '    email: sks@example.edu.tr',
      '    slaHours: 8',
      extra,
      '    examples: [yemekhane kötü yemek, yurt sıcak su yok, kulüp salon lazım]',
    ];
    expect(() => parseRoutingFile([...base, ...unit('    names: [sks, sağlık kültür]')].join('\n'), 'x.yaml')).toThrow(/zorunlu birim eksik/);
    expect(() => parseRoutingFile([...base, ...unit('    names: 5')].join('\n'), 'x.yaml')).toThrow(/x\.yaml:\d+ directorates\.0\.names/);
  });

  test('a comment that names a unit goes to that unit', () => {
    expect(router.route('mali işlerdeki görevliler telefonlara hiç çıkmıyor').directorate).toBe('mali-isler');
    expect(router.route('Öğrenci İşleri bankosunda sabahtan beri kimse yok').directorate).toBe('ogrenci-isleri');
    expect(router.route('OGRENCI ISLERINE MAIL ATTIM TELEFON ETTIM DONEN YOK').directorate).toBe('ogrenci-isleri');
    expect(router.route('personel dairesi dilekçemi kaybetmiş').directorate).toBe('insan-kaynaklari');
  });

  test('a name counts once however often it is written, and carries a larger bonus than a keyword', () => {
    const classes = [
      { id: 'a', examples: ['kitap ödünç iade', 'raf kitap katalog'], keywords: ['kitap'], names: ['kütüphane'] },
      { id: 'b', examples: ['ring servis otobüs', 'otopark yer yok'], keywords: ['ring'], names: [] },
    ];
    const model = new RoutingModel(classes);
    const once = model.predict('kütüphane ring');
    const twice = model.predict('kütüphane kütüphaneye ring');
    expect(once.ranking[0]?.id).toBe('a');
    expect(twice.ranking[0]?.p).toBeCloseTo(once.ranking[0]?.p ?? 0, 1);
    expect(model.predict('kitap ring').ranking[0]?.p).toBeLessThan(once.ranking[0]?.p ?? 1);
  });
});

describe('kurumsal-iletisim as the fallback for criticism with no service named', () => {
  test('criticism of a decision with no service goes to kurumsal-iletisim', () => {
    for (const text of [
      'Yönetimin aldığı bu karar tamamen yanlış, geri çekilsin',
      'yonetim ogrencilere sormadan karar aliyor artik yeter',
      'Bu kararı kim aldıysa öğrencileri hiç düşünmemiş',
    ]) {
      expect(router.route(text).directorate).toBe('kurumsal-iletisim');
    }
  });

  test('criticism of a decision that names a service goes to that service', () => {
    expect(router.route('Yönetimin yemekhane fiyatlarını artırma kararı çok yanlış').directorate).toBe('sks');
    expect(router.route('Ring seferlerinin azaltılması kararı yanlış').directorate).toBe('idari-isler');
    expect(router.route('kütüphaneyi hafta sonu kapatma kararı yanlış').directorate).toBe('kutuphane');
  });

  test('the fallback unit’s keywords add nothing when another unit’s keyword is present', () => {
    const spec = parseRoutingFile(
      [
        'version: 1',
        'directorates:',
        ...REQUIRED_DIRECTORATES.flatMap((id) => [
          `  - id: ${id}`,
          `    name: ${id}`,
          `    email: ${id}@example.edu.tr`,
          '    slaHours: 8',
          `    keywords: [${id === 'kurumsal-iletisim' ? 'karar' : id === 'sks' ? 'yemekhane' : `kelime${id.length}x`}]`,
          `    examples: [ornek bir cumle ${id}, ikinci ornek ${id}, ucuncu ornek ${id}]`,
        ]),
      ].join('\n'),
      'mini.yaml',
    );
    const r = createRouter(spec, 'mini.yaml', { learned: null });
    expect(r.route('karar').predicted).toBe('kurumsal-iletisim');
    const both = r.route('karar yemekhane');
    expect(both.predicted).toBe('sks');
    expect(both.keywordHits['kurumsal-iletisim']).toEqual(['karar']);
  });
});

describe('routing conventions (rules/data/README.md)', () => {
  test('dorm facilities go to SKS, campus grounds and transport to idari-isler', () => {
    expect(router.route('Yurt odamızdaki radyatör hiç ısıtmıyor, üşüyoruz').directorate).toBe('sks');
    expect(router.route('yurdun camasir makineleri yine bozuldu').directorate).toBe('sks');
    expect(router.route('Kampüsteki yaya yolunda çukur var, gece görünmüyor').directorate).toBe('idari-isler');
  });

  test('a person followed or bothered on campus goes to idari-isler, harassment by staff to insan-kaynaklari', () => {
    expect(router.route('Kampüste akşamları biri peşimden geliyor, güvenliğe nasıl ulaşırım?').directorate).toBe('idari-isler');
    expect(router.route('Bir öğretim üyesi bana özelden imalı mesajlar atıyor, nereye şikayet edeceğim?').directorate).toBe('insan-kaynaklari');
  });

  test('scholarships go to SKS also for international students; Erasmus grants to uluslararasi', () => {
    expect(router.route('Yabancı uyruklu öğrenciler yemek bursuna başvurabiliyor mu?').directorate).toBe('sks');
    expect(router.route('Erasmus hibemin ikinci kısmı hâlâ yatmadı').directorate).toBe('uluslararasi');
  });

  test('student refunds and deposits go to mali-isler', () => {
    expect(router.route('kaydımı sildirdim, yatırdığım ücretin iadesi ne zaman yapılır?').directorate).toBe('mali-isler');
  });
});

describe('confidence threshold', () => {
  test('the configuration default and the router default are the CV-chosen 0.25', () => {
    expect(ROUTING_MIN_CONFIDENCE).toBe(0.25);
    expect(configSchema.parse({}).routing.minConfidence).toBe(ROUTING_MIN_CONFIDENCE);
    expect(router.minConfidence).toBe(ROUTING_MIN_CONFIDENCE);
    // Gibberish still goes to triage.
    expect(router.route('qwxz zzkj').directorate).toBe('kurumsal-iletisim');
  });

  test('classifier cv --judgment cross-validates the router and sweeps the threshold', async () => {
    const row = (text: string, directorate: string): JudgmentRow => ({
      text,
      labels: ['complaint'],
      directorate,
      priority: 'normal',
      source: 'test.tsv:1',
    });
    const rows: JudgmentRow[] = [];
    for (let i = 0; i < 6; i++) {
      rows.push(row(`yemekhane yemeği soğuk ${i}. gün`, 'sks'));
      rows.push(row(`ring otobüsü gelmedi ${i}. sefer`, 'idari-isler'));
    }
    const r = await crossValidateJudgment(rows, {
      folds: 3,
      seed: 1,
      rulesDir: 'rules',
      routing: { file: 'rules/routing.yaml', minConfidence: 0.25, thresholds: [0, 0.25, 1.01] },
    });
    expect(r.mean.routing?.rows).toBeGreaterThan(0);
    expect(r.mean.routing?.accuracy).toBeGreaterThan(0.8);
    const sweep = r.routingThresholds ?? [];
    expect(sweep.map((s) => s.minConfidence)).toEqual([0, 0.25, 1.01]);
    expect(sweep[0]?.rows).toBe(rows.length);
    expect(sweep[0]?.accuracy).toBeGreaterThan(0.8);
    // Above any probability everything is triaged to kurumsal-iletisim, which none of these rows belong to.
    expect(sweep[2]?.accuracy).toBe(0);
  }, 60_000);
});
