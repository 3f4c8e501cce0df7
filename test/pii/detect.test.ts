import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectPersonalData, isValidTckn, isValidTrIban, luhn, redactText } from '../../src/pii/index.js';

interface Vector {
  value: string;
  valid: boolean;
  types?: string[];
}
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pii-vectors.json', import.meta.url), 'utf8')) as Record<string, Vector[]>;
const typeOf: Record<string, string> = { tckn: 'tckn', iban: 'iban', card: 'card', phone: 'phone' };

describe('PII vectors (table-driven)', () => {
  for (const kind of ['tckn', 'iban', 'card', 'phone']) {
    for (const v of vectors[kind] ?? []) {
      it(`${kind} ${v.value} → ${v.valid ? 'found' : 'not found'}`, () => {
        const text = `Bilgilerim: ${v.value} teşekkürler`;
        const found = detectPersonalData(text).filter((f) => f.type === typeOf[kind]);
        if (v.valid) {
          expect(found).toHaveLength(1);
          expect(text.slice(found[0]!.start, found[0]!.end)).toBe(v.value);
        } else {
          expect(found).toHaveLength(0);
        }
      });
    }
  }
});

/** Synthetic valid numbers generated with the algorithms (never real people's data). */
function makeTckn(seed: number): string {
  const d = [
    1 + (seed % 9),
    ...String(seed * 7919)
      .padStart(8, '0')
      .slice(-8)
      .split('')
      .map(Number),
  ];
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  d.push((((odd * 7 - even) % 10) + 10) % 10);
  d.push(d.reduce((a, b) => a + b, 0) % 10);
  return d.join('');
}
function makeCard(prefix: string, len: number, seed: number): string {
  let body = prefix;
  let x = seed;
  while (body.length < len - 1) {
    x = (x * 1103515245 + 12345) % 2147483647;
    body += String(x % 10);
  }
  for (let c = 0; c < 10; c++) if (luhn(body + c)) return body + c;
  throw new Error('unreachable');
}
function makeIban(account: string): string {
  const bban = '00061' + '0' + account.padStart(16, '0');
  for (let cd = 2; cd <= 98; cd++) {
    const iban = `TR${String(cd).padStart(2, '0')}${bban}`;
    if (isValidTrIban(iban)) return iban;
  }
  throw new Error('unreachable');
}

describe('leaks inside comments (synthetic data)', () => {
  it('finds generated T.C. kimlik numbers and rejects a changed digit', () => {
    for (let s = 1; s < 30; s++) {
      const t = makeTckn(s);
      expect(isValidTckn(t)).toBe(true);
      const text = `Kimlik no ${t} olan öğrencinin kaydı yapılmadı`;
      const f = detectPersonalData(text);
      expect(f.map((x) => x.type)).toEqual(['tckn']);
      expect(f[0]).toMatchObject({ validated: true, confidence: 1 });
      const broken = t.slice(0, 10) + String((Number(t[10]) + 1) % 10);
      expect(detectPersonalData(`Kimlik no ${broken}`).filter((x) => x.type === 'tckn')).toHaveLength(0);
    }
  });

  it('finds cards written with spaces and dashes, Troy included', () => {
    const troy = makeCard('9792', 16, 42);
    const spaced = troy.replace(/(\d{4})(?=\d)/g, '$1 ');
    const visa = makeCard('4', 16, 7).replace(/(\d{4})(?=\d)/g, '$1-');
    const f = detectPersonalData(`Kartım ${spaced} ve eşiminki ${visa}, para çekildi`);
    expect(f.map((x) => x.type)).toEqual(['card', 'card']);
  });

  it('finds an IBAN with spaces and redacts it', () => {
    const iban = makeIban('1234567890123456');
    const spaced = iban.replace(/(.{4})(?=.)/g, '$1 ');
    const text = `Bağış için IBAN: ${spaced} Ahmet Y.`;
    const f = detectPersonalData(text);
    expect(f).toHaveLength(1);
    expect(redactText(text, f)).toBe('Bağış için IBAN: [IBAN] Ahmet Y.');
  });

  it('recognises mobile numbers in the ways people write them', () => {
    for (const p of ['+90 532 123 45 67', '0090 532 123 45 67', '0 532 123 45 67', '0532-123-45-67', '0532.123.45.67', '(0532) 123 45 67', '+905321234567']) {
      const text = `beni şu numaradan arayın ${p} akşama kadar`;
      const f = detectPersonalData(text);
      expect(f, p).toHaveLength(1);
      expect(f[0]).toMatchObject({ type: 'phone', subtype: 'mobile', validated: true });
      expect(text.slice(f[0]!.start, f[0]!.end)).toBe(p);
    }
  });

  it('finds e-mail, passwords and student numbers; redacts with Turkish tags', () => {
    const text = 'Şifrem: Gizli.2024 ve mailim ayse.kaya@gmail.com, öğrenci no 202312345';
    const f = detectPersonalData(text, { studentNumberPattern: '(?<![0-9])20[0-9]{7}(?![0-9])' });
    expect(f.map((x) => x.type)).toEqual(['credential', 'email', 'student_number']);
    expect(redactText(text, f)).toBe('Şifrem: [PAROLA] ve mailim [E-POSTA], öğrenci no [ÖĞRENCİ NO]');
  });

  it('does not treat institutional contacts as personal data', () => {
    const opts = { institutionalDomains: ['ornek.edu.tr'], institutionalPhones: ['+90 (212) 285 30 30', '444 0 123'] };
    const text = 'Bilgi için ogrenci@ornek.edu.tr, bidb@mail.ornek.edu.tr veya 0212 285 30 30 ya da 444 0 123';
    expect(detectPersonalData(text, opts)).toEqual([]);
    expect(detectPersonalData(text).length).toBeGreaterThan(0);
  });

  it('leaves ordinary numbers alone', () => {
    for (const t of ['2023 yılında 15000 öğrenci mezun oldu', 'Saat 14:30, salon 101', 'Fiyat 12.345,67 TL', '12345678901 rastgele sayı']) {
      expect(detectPersonalData(t), t).toEqual([]);
    }
  });
});
