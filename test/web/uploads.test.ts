/**
 * Uploads in the console: a mail request with a ready document (type by content, size limits, KVKK
 * findings marked in the document on the request page, Turkish errors, CSRF on the multipart form) and
 * recipient groups from a CSV with the per-row report.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makeDocx, makePdf, PNG_1x1 } from '../helpers/documents.js';
import { Agent, seedRoleUsers, webApp, webConfig } from './helpers.js';

describe(`console uploads (${dbLabel()})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let config: Config;
  let rep: Agent;
  let comms: Agent;
  const form = {
    unit: 'muhendislik-fakultesi',
    subject: 'Mezuniyet töreni',
    body: '',
    replyTo: 'muhendislik@universite.edu.tr',
    purpose: 'invitation',
    groups: 'akademik-test',
  };

  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    const group = await db.prisma.recipientGroup.create({ data: { name: 'akademik-test', kind: 'academic' } });
    await db.prisma.recipient.create({ data: { groupId: group.id, email: 'hoca@universite.edu.tr' } });
    const base = webConfig(db, { maxUploadKb: 4 });
    config = { ...base, mail: { ...base.mail, attachments: { ...base.mail.attachments, maxBytes: 40_000, maxTotalBytes: 60_000, maxCount: 2 } } } as Config;
    app = await webApp(db, config);
    rep = new Agent(app);
    comms = new Agent(app);
    expect((await rep.login('muh-temsilci')).statusCode).toBe(303);
    expect((await comms.login('iletisimci')).statusCode).toBe(303);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('a request with an uploaded PDF: stored, and the personal data in it marked in place on the request page', async () => {
    const page = await rep.get('/mail/new');
    expect(page.body).toMatch(/enctype="multipart\/form-data"/);
    expect(page.body).toMatch(/type="file" name="documents"/);
    const pdf = makePdf('Toren programi. Bilgi icin Ali Veli: 0532 123 45 67');
    const res = await rep.postMultipart('/mail', form, [['documents', 'Tören Programı.pdf', pdf, 'application/pdf']]);
    expect(res.statusCode, res.body).toBe(303);
    const id = /\/mail\/([a-z0-9]+)\?ok=created/.exec(res.headers.location as string)![1]!;
    const stored = await db.prisma.mailAttachment.findMany({ where: { requestId: id } });
    expect(stored.map((a) => [a.filename, a.contentType, a.size])).toEqual([['Tören Programı.pdf', 'application/pdf', pdf.length]]);
    expect(JSON.stringify((await db.prisma.mailRequest.findUniqueOrThrow({ where: { id } })).piiFindings)).toMatch(/phone/);
    const show = await rep.get(`/mail/${id}`);
    expect(show.statusCode).toBe(200);
    const doc = /<div class="comment document" data-document>([\s\S]*?)<\/div>/.exec(show.body)![1]!;
    expect(doc).toMatch(/<mark class="pii">0532 123 45 67<\/mark>/);
    expect(doc).toMatch(/Toren programi/);
  });

  it('a DOCX alone (no Markdown text) is a valid request; an image is listed as not scanned', async () => {
    const docx = await makeDocx(['Davet metni', 'Katılım için e-posta: ayse.yilmaz@gmail.com']);
    const res = await rep.postMultipart('/mail', form, [
      ['documents', 'davet.docx', docx],
      ['documents', 'afis.png', PNG_1x1, 'image/png'],
    ]);
    expect(res.statusCode, res.body).toBe(303);
    const show = await rep.get(res.headers.location as string);
    expect(show.body).toMatch(/<mark class="pii">ayse\.yilmaz@gmail\.com<\/mark>/);
    expect(show.body).toMatch(/afis\.png[\s\S]*metin katmanı yok/);
  });

  it('refuses too big, wrong type, renamed and unreadable documents with Turkish errors, and creates nothing', async () => {
    const before = await db.prisma.mailRequest.count();
    const cases: Array<[string, Buffer, RegExp]> = [
      ['buyuk.pdf', Buffer.concat([makePdf('x'), Buffer.alloc(41_000, 32)]), /Ek çok büyük: buyuk\.pdf/],
      ['program.exe', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00' + 'x'.repeat(200), 'latin1'), /Ek türü kabul edilmiyor/],
      ['notlar.pdf', Buffer.from('sadece metin, PDF değil '.repeat(20)), /Ek türü kabul edilmiyor: notlar\.pdf/],
      ['afis.pdf', PNG_1x1, /uzantısı içeriğiyle uyuşmuyor/],
      ['bozuk.pdf', Buffer.from('%PDF-1.7\n' + 'bozuk içerik '.repeat(50) + '\n%%EOF'), /ekin metni okunamadı.*bozuk\.pdf/],
    ];
    for (const [name, bytes, error] of cases) {
      const res = await rep.postMultipart('/mail', { ...form, subject: `Hatalı ${name}` }, [['documents', name, bytes]]);
      expect(res.statusCode, name).toBe(400);
      expect(res.body, name).toMatch(error);
      expect(res.body).toMatch(/yeniden seçilmelidir/);
      // The form keeps what was typed.
      expect(res.body).toContain(`value="Hatalı ${name}"`);
    }
    const three = await rep.postMultipart('/mail', form, [
      ['documents', 'a.pdf', makePdf('a')],
      ['documents', 'b.pdf', makePdf('b')],
      ['documents', 'c.pdf', makePdf('c')],
    ]);
    expect(three.statusCode).toBe(400);
    expect(three.body).toMatch(/En çok 2 ek eklenebilir/);
    // Past one over the limit the parser stops reading: a Turkish 413, nothing stored.
    const many = await rep.postMultipart(
      '/mail',
      form,
      ['a', 'b', 'c', 'd', 'e'].map((n) => ['documents', `${n}.pdf`, makePdf(n)] as [string, string, Buffer]),
    );
    expect(many.statusCode).toBe(413);
    expect(many.body).toMatch(/Çok fazla dosya/);
    const total = await rep.postMultipart('/mail', form, [
      ['documents', 'a.pdf', Buffer.concat([makePdf('a'), Buffer.alloc(35_000, 32)])],
      ['documents', 'b.pdf', Buffer.concat([makePdf('b'), Buffer.alloc(35_000, 32)])],
    ]);
    expect(total.statusCode).toBe(400);
    expect(total.body).toMatch(/Eklerin toplamı çok büyük/);
    expect(await db.prisma.mailRequest.count()).toBe(before);
  });

  it('CSRF is enforced on the multipart form; another unit is refused', async () => {
    const before = await db.prisma.mailRequest.count();
    const noToken = await rep.postMultipart('/mail', form, [['documents', 'a.pdf', makePdf('a')]], null);
    expect(noToken.statusCode).toBe(403);
    const foreign = await comms.csrf();
    expect((await rep.postMultipart('/mail', form, [['documents', 'a.pdf', makePdf('a')]], foreign)).statusCode).toBe(403);
    const other = await rep.postMultipart('/mail', { ...form, unit: 'sks' }, [['documents', 'a.pdf', makePdf('a')]]);
    expect(other.statusCode).toBe(403);
    expect(await db.prisma.mailRequest.count()).toBe(before);
  });

  it('recipient group CSV: per-row report (imported, skipped duplicate, invalid with a Turkish reason)', async () => {
    const page = await comms.get('/mail/gruplar');
    expect(page.statusCode).toBe(200);
    await db.prisma.recipient.create({
      data: { groupId: (await db.prisma.recipientGroup.create({ data: { name: 'mezunlar', kind: 'list' } })).id, email: 'eski@example.org' },
    });
    const csv = 'email;ad\nbir@example.org;Bir\nbozuk-adres;X\nBIR@example.org;Bir tekrar\neski@example.org;Eski\n;Boş\niki@example.org;İki\n';
    const res = await comms.postMultipart('/mail/gruplar', { group: 'mezunlar', kind: 'list' }, [['csv', 'liste.csv', Buffer.from(csv), 'text/csv']]);
    expect(res.statusCode, res.body).toBe(200);
    const rows = [
      ...res.body.matchAll(/<tr data-row data-outcome="(\w+)"><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="muted">([^<]*)<\/td>/g),
    ].map((m) => [Number(m[2]), m[1], m[5]]);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      [2, 'imported'],
      [3, 'invalid'],
      [4, 'duplicate'],
      [5, 'existing'],
      [6, 'invalid'],
      [7, 'imported'],
    ]);
    expect(rows[1]![2]).toMatch(/geçersiz|@/);
    expect(rows[2]![2]).toMatch(/satır 2/);
    expect(rows[3]![2]).toMatch(/grupta zaten var/);
    const members = await db.prisma.recipient.findMany({ where: { group: { name: 'mezunlar' } }, orderBy: { email: 'asc' } });
    expect(members.map((m) => m.email)).toEqual(['bir@example.org', 'eski@example.org', 'iki@example.org']);
    expect(await db.prisma.auditLog.count({ where: { action: 'mail.group.import', actor: 'iletisimci' } })).toBe(1);
    const listed = async (url: string) => [...(await comms.get(url)).body.matchAll(/<tr data-row><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(await listed('/mail/gruplar?tur=list')).toEqual(['mezunlar']);
    expect(await listed('/mail/gruplar?tur=academic')).toEqual(['akademik-test']);
  });

  it('group CSV: Turkish Excel encoding, size and type limits, role and CSRF checks', async () => {
    // Windows-1254 (Excel's Turkish "CSV"): names decode correctly.
    const latin = Buffer.from([...Buffer.from('email,ad\nsule@example.org,'), 0xde, 0x75, 0x6c, 0x65, 0x20, 0xc7, 0x61, 0x6b, 0xfd, 0x72, 0x0a]);
    expect((await comms.postMultipart('/mail/gruplar', { group: 'yerel', kind: 'list' }, [['csv', 'yerel.csv', latin]])).statusCode).toBe(200);
    expect((await db.prisma.recipient.findFirstOrThrow({ where: { email: 'sule@example.org' } })).name).toBe('Şule Çakır');
    const big = await comms.postMultipart('/mail/gruplar', { group: 'buyuk', kind: 'list' }, [
      ['csv', 'b.csv', Buffer.from('email\n' + 'a@example.org\n'.repeat(400))],
    ]);
    expect(big.statusCode).toBe(400);
    expect(big.body).toMatch(/Dosya çok büyük: en çok 4 KB/);
    const png = await comms.postMultipart('/mail/gruplar', { group: 'resim', kind: 'list' }, [['csv', 'liste.csv', PNG_1x1]]);
    expect(png.statusCode).toBe(400);
    expect(png.body).toMatch(/Dosya CSV değil \(içeriği: png\)/);
    const header = await comms.postMultipart('/mail/gruplar', { group: 'basliksiz', kind: 'list' }, [['csv', 'l.csv', Buffer.from('adres\nx@example.org\n')]]);
    expect(header.body).toMatch(/&quot;email&quot; sütunu yok/);
    expect(
      (await comms.postMultipart('/mail/gruplar', { group: 'csrf', kind: 'list' }, [['csv', 'l.csv', Buffer.from('email\nx@example.org\n')]], null)).statusCode,
    ).toBe(403);
    expect((await rep.get('/mail/gruplar')).statusCode).toBe(403);
    expect(
      (await rep.postMultipart('/mail/gruplar', { group: 'temsilci', kind: 'list' }, [['csv', 'l.csv', Buffer.from('email\nx@example.org\n')]])).statusCode,
    ).toBe(403);
    expect(await db.prisma.recipientGroup.count({ where: { name: { in: ['buyuk', 'resim', 'basliksiz', 'csrf', 'temsilci'] } } })).toBe(0);
  });
  it('hostile file names and CSV cells are escaped on the pages', async () => {
    const res = await rep.postMultipart('/mail', form, [['documents', '<img src=x onerror=alert(1)>.pdf', makePdf('Program')]]);
    expect(res.statusCode).toBe(303);
    const show = await rep.get(res.headers.location as string);
    expect(show.body).toContain('&lt;img src=x onerror=alert(1)&gt;.pdf');
    expect(show.body).not.toContain('<img src=x');
    const csv = 'email,ad\n"<script>alert(1)</script>@x",Kötü\n';
    const report = await comms.postMultipart('/mail/gruplar', { group: 'kotu', kind: 'list' }, [['csv', 'k.csv', Buffer.from(csv)]]);
    expect(report.statusCode).toBe(200);
    expect(report.body).not.toContain('<script>alert(1)');
    expect(report.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@x');
  });
});
