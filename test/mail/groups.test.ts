import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/mail/csv.js';
import { importGroupCsv, listGroups } from '../../src/mail/groups.js';
import { isEmailAddress } from '../../src/text/email-address.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';

describe('RFC 4180 CSV parser', () => {
  it('handles quotes, escaped quotes, delimiters and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFemail,name\r\n"a@x.org","Yılmaz, Ayşe"\r\nb@x.org,"He said ""merhaba"""\n"c@x.org","iki\nsatır"\n\nd@x.org,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['email', 'name'] },
      { line: 2, fields: ['a@x.org', 'Yılmaz, Ayşe'] },
      { line: 3, fields: ['b@x.org', 'He said "merhaba"'] },
      { line: 4, fields: ['c@x.org', 'iki\nsatır'] },
      { line: 7, fields: ['d@x.org', ''] },
    ]);
    expect(parseCsv('a;b\n1;2', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parseCsv('"a","b"')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
  });
  it('reports unterminated quotes and stray characters with their line', () => {
    expect(() => parseCsv('email\n"a@x.org\n')).toThrow(/satır 2: kapanmamış tırnak/);
    expect(() => parseCsv('email\n"a"x\n')).toThrow(/satır 2/);
  });
  it('address check', () => {
    expect(isEmailAddress('öğrenci.işleri@üniversite.edu.tr')).toBe(true);
    expect(isEmailAddress('a@b')).toBe(false);
    expect(isEmailAddress('a b@x.org')).toBe(false);
  });
});

describe(`recipient group import (${dbLabel()})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('imports valid rows and reports invalid addresses and duplicates with line numbers', async () => {
    const csv = [
      'name;email',
      'Ayşe Yılmaz;ayse@universite.edu.tr',
      'Bozuk;ayse.universite.edu.tr',
      ';',
      'Mehmet;Mehmet@Universite.edu.tr',
      'Tekrar;AYSE@universite.edu.tr',
      '"Boşluklu";"ali veli@x.org"',
    ].join('\n');
    const r = await importGroupCsv(db.prisma, { csv, group: 'idari-personel', kind: 'administrative' });
    expect(r.added).toBe(2);
    expect(r.invalid).toEqual([
      { line: 3, reason: expect.stringMatching(/@ işareti yok/) },
      { line: 4, reason: 'adres boş' },
      { line: 7, reason: expect.stringMatching(/boşluk/) },
    ]);
    expect(r.duplicates).toEqual([{ line: 6, reason: expect.stringMatching(/satır 2/) }]);
    const again = await importGroupCsv(db.prisma, { csv: 'email\nayse@universite.edu.tr\nyeni@universite.edu.tr', group: 'idari-personel' });
    expect(again).toMatchObject({ added: 1, existing: 1 });
    expect(await listGroups(db.prisma)).toEqual([{ name: 'idari-personel', kind: 'administrative', recipients: 3 }]);
    const emails = (await db.prisma.recipient.findMany()).map((x) => x.email).sort();
    expect(emails).toEqual(['ayse@universite.edu.tr', 'mehmet@universite.edu.tr', 'yeni@universite.edu.tr']);
  });

  it('refuses a file without an email column', async () => {
    await expect(importGroupCsv(db.prisma, { csv: 'ad,soyad\nA,B\n', group: 'x' })).rejects.toThrow(/email/);
  });
});
