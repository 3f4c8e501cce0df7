/**
 * The console in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven by
 * playwright-core, which never downloads a browser. With BEKCI_SCREENSHOTS=DIR the main pages are also
 * saved as PNG files there (how the README's screenshots are made).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/auth/credentials.js';
import { startWeb, type RunningWeb } from '../../src/web/serve.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makePdf } from '../helpers/documents.js';
import { seedTicket, seedUsers } from '../helpers/seed.js';
import { PASSWORD, seedRoleUsers, webConfig } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';

/** The text of the first element matching `selector`, once it is there. */
async function textOf(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  await el.waitFor({ state: 'attached' });
  return (await el.textContent()) ?? '';
}
const shotsDir = process.env.BEKCI_SCREENSHOTS;

describe(`the console in Chromium (${dbLabel()})`, () => {
  let db: TestDb;
  let web: RunningWeb;
  let browser: Browser;
  const cspErrors: string[] = [];
  const tickets: Record<string, number> = {};

  const signIn = async (username: string, password = PASSWORD): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ locale: 'tr-TR', viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${web.url}/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
    return { context, page };
  };
  const shot = async (page: Page, name: string) => {
    if (shotsDir) await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: false });
  };

  beforeAll(async () => {
    db = await createTestDb();
    await seedRoleUsers(db);
    await seedUsers(db.prisma, [{ name: 'muh-onayci', role: 'approver', unitId: 'muhendislik-fakultesi' }]);
    await setPassword(db.prisma, 'muh-onayci', PASSWORD, 'test');
    tickets.ki = (
      await seedTicket(db.prisma, { unitId: 'kurumsal-iletisim', text: 'Mezuniyet töreninin canlı yayını neden yarıda kesildi? Sesi de çok kötüydü.' })
    ).ticket.number;
    tickets.sks = (
      await seedTicket(db.prisma, { unitId: 'sks', text: 'Yemekhanedeki yemekler yine soğuktu, bu konuda bir şey yapılmasını istiyoruz.' })
    ).ticket.number;
    await seedTicket(db.prisma, { unitId: 'sks', text: 'Spor salonu hafta sonu neden kapalı?', escalated: true });
    const { comment } = await seedTicket(db.prisma, { unitId: 'sks', accountUnitId: 'kurumsal-iletisim', text: 'Bu duyuruyu yapan kişi tam bir beceriksiz' });
    const decision = await db.prisma.decision.create({
      data: {
        commentId: comment.id,
        version: 1,
        ruleSetVersion: 'test',
        categories: ['insult'],
        action: 'review',
        matchedRules: [{ id: 'insult-soft', categories: ['insult'], action: 'review', reason: 'hakaret olabilir: beceriksiz', spans: [] }],
        evidence: { scores: { offensive: 0.71 }, pii: [] },
      },
    });
    await db.prisma.reviewItem.create({ data: { commentId: comment.id, decisionId: decision.id, reason: 'hakaret olabilir (insult-soft): beceriksiz' } });
    const group = await db.prisma.recipientGroup.create({ data: { name: 'muhendislik-akademik', kind: 'academic' } });
    for (const email of ['a@example.edu.tr', 'b@example.edu.tr']) await db.prisma.recipient.create({ data: { groupId: group.id, email } });
    web = await startWeb({ db, config: webConfig(db), logger: createLogger({ level: 'silent', format: 'json' }) }, { host: '127.0.0.1', port: 0 });
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
    // playwright-core gives every launch a fresh, temporary --user-data-dir of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await db?.drop();
  });

  it('a directorate member signs in, takes a ticket and answers it', async () => {
    const { context, page } = await signIn('ki-personel');
    expect(await textOf(page, 'h1')).toContain('Kayıtlar');
    await shot(page, 'kayitlar');
    await Promise.all([page.waitForURL(`${web.url}/tickets/${tickets.ki}`), page.click(`a[href="/tickets/${tickets.ki}"]`)]);
    await page.selectOption('select[name=to]', 'ki-personel');
    await Promise.all([page.waitForURL(/ok=assigned/), page.click('form[action$="/assign"] button')]);
    await page.fill('textarea#yanit', 'Yayın sağlayıcısındaki bir kesinti yüzünden oldu; kayıt sitemizde yayımlandı.');
    await Promise.all([page.waitForURL(/ok=answered/), page.click('form[action$="/answer"] button[type=submit]')]);
    expect(await textOf(page, '.flash.ok')).toContain('Yanıt kaydedildi');
    await shot(page, 'kayit');
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { number: tickets.ki } });
    expect(t).toMatchObject({ status: 'answered', assignee: 'ki-personel', replyStatus: 'pending_approval' });
    await context.close();
  }, 90_000);

  it('communications staff approve the public reply', async () => {
    const { context, page } = await signIn('iletisimci');
    await page.goto(`${web.url}/tickets/${tickets.ki}`);
    await Promise.all([page.waitForURL(/ok=approved/), page.click('form[action$="/approve-reply"] button')]);
    expect(await textOf(page, '.flash.ok')).toContain('Yanıt onaylandı');
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { number: tickets.ki } });
    expect(t.replyStatus).toBe('approved');
    expect(await db.prisma.platformAction.count({ where: { kind: 'reply', requestedBy: 'iletisimci' } })).toBe(1);
    await context.close();
  }, 90_000);

  it('communications staff remove a comment from the review queue (keyboard shortcut r)', async () => {
    const { context, page } = await signIn('iletisimci');
    await page.goto(`${web.url}/review`);
    expect(await page.locator('tr[data-row]').count()).toBe(1);
    await shot(page, 'inceleme');
    await page.keyboard.press('j');
    await Promise.all([page.waitForURL(/\/review\?ok=1/), page.keyboard.press('r')]);
    expect(await textOf(page, '.flash.ok')).toContain('1 yorum');
    const item = await db.prisma.reviewItem.findFirstOrThrow();
    expect(item).toMatchObject({ status: 'removed', resolvedBy: 'iletisimci' });
    expect(await db.prisma.platformAction.count({ where: { requestedBy: 'iletisimci', kind: 'delete' } })).toBe(1);
    await context.close();
  }, 90_000);

  it('tries a comment in the rule playground (htmx, no page load)', async () => {
    const { context, page } = await signIn('iletisimci');
    await page.goto(`${web.url}/rules`);
    await page.fill('textarea#deneme', 'Sen tam bir aptalsın, defol');
    await page.click('button:has-text("Dene")');
    await page.locator('#deneme-sonuc mark.es').first().waitFor({ state: 'visible' });
    expect(await textOf(page, '#deneme-sonuc')).toContain('Karar');
    expect(page.url()).toBe(`${web.url}/rules`);
    await shot(page, 'kurallar');
    await context.close();
  }, 90_000);

  it('a representative requests a mail and the unit approver approves it', async () => {
    const rep = await signIn('muh-temsilci');
    await rep.page.goto(`${web.url}/mail/new`);
    await rep.page.fill('input[name=subject]', 'Bahar şenliği programı');
    await rep.page.fill('textarea[name=body]', 'Değerli hocalarımız,\n\nBahar şenliği 12 Mayıs Cuma günü başlıyor. Bilgi için: 0532 123 45 67');
    await rep.page.fill('input[name=replyTo]', 'muhendislik@example.edu.tr');
    await rep.page.check('input[name=groups][value="muhendislik-akademik"]');
    // A ready document goes with it (multipart form); the e-mail address inside it is found too.
    await rep.page.setInputFiles('input[name=documents]', {
      name: 'Program.pdf',
      mimeType: 'application/pdf',
      buffer: makePdf('Bahar senligi programi. Kayit icin: etkinlik.sorumlusu@gmail.com'),
    });
    await Promise.all([rep.page.waitForURL(/ok=created/), rep.page.click('form[action="/mail"] button[type=submit]')]);
    expect(await textOf(rep.page, '.flash.ok')).toContain('Talep kaydedildi');
    // The phone number is marked wherever the rendered mail shows it, the address inside the document too.
    expect(await rep.page.locator('mark.pii').count()).toBeGreaterThanOrEqual(2);
    expect(await textOf(rep.page, 'mark.pii')).toContain('0532');
    expect(await textOf(rep.page, '[data-document] mark.pii')).toContain('etkinlik.sorumlusu@gmail.com');
    await rep.context.close();
    const approver = await signIn('muh-onayci');
    await approver.page.goto(`${web.url}/mail`);
    await Promise.all([approver.page.waitForURL(/\/mail\/[a-z0-9]+$/), approver.page.click('a:has-text("Bahar şenliği programı")')]);
    await shot(approver.page, 'duyuru');
    await approver.page.fill('textarea[name=justification]', 'Telefon numarası etkinlik sorumlusunun kurumsal hattıdır, yayımlanması için onayı alındı.');
    await Promise.all([approver.page.waitForURL(/ok=approved/), approver.page.click('form[action$="/approve"] button')]);
    expect(await textOf(approver.page, '.flash.ok')).toContain('Talep onaylandı');
    const r = await db.prisma.mailRequest.findFirstOrThrow({ where: { subject: 'Bahar şenliği programı' } });
    expect(r).toMatchObject({ status: 'approved', requestedBy: 'muh-temsilci' });
    await approver.context.close();
  }, 90_000);

  it('communications staff upload a recipient CSV and get the per-row report', async () => {
    const { context, page } = await signIn('iletisimci');
    await page.goto(`${web.url}/mail/gruplar`);
    await page.fill('input[name=group]', 'mezunlar-2026');
    await page.setInputFiles('input[name=csv]', {
      name: 'mezunlar.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email;ad\nayse@example.org;Ayşe\nbozuk-adres;Ali\nAYSE@example.org;Ayşe tekrar\nmehmet@example.org;Mehmet\n'),
    });
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/mail/gruplar"] button[type=submit]')]);
    await page.locator('[data-report]').waitFor({ state: 'visible' });
    expect(await page.locator('[data-report] tr[data-outcome=imported]').count()).toBe(2);
    expect(await textOf(page, '[data-report] tr[data-outcome=invalid]')).toContain('3');
    expect(await textOf(page, '[data-report] tr[data-outcome=duplicate]')).toContain('satır 2');
    await shot(page, 'gruplar');
    expect(await db.prisma.recipient.count({ where: { group: { name: 'mezunlar-2026' } } })).toBe(2);
    await context.close();
  }, 90_000);

  it('an admin turns on TOTP (QR code, no inline script) and then signs in with a code', async () => {
    const { context, page } = await signIn('yonetici');
    await page.goto(`${web.url}/hesap`);
    await Promise.all([page.waitForURL(/\/hesap\/totp$/), page.click('a:has-text("Etkinleştir")')]);
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Anahtar oluştur")')]);
    await page.locator('.qr svg').waitFor({ state: 'visible' });
    await shot(page, 'iki-adimli');
    const secret = (await textOf(page, 'code[data-secret]')).replace(/\s/g, '');
    await page.fill('input[name=code]', TOTP.generate({ secret: Secret.fromBase32(secret) }));
    await Promise.all([page.waitForURL(/ok=totp/), page.click('form[action="/hesap/totp/onayla"] button')]);
    expect(await textOf(page, '.flash.ok')).toContain('etkinleştirildi');
    await context.close();
    // Next sign-in: password, then the code (of the next time step: a code is accepted once).
    const next = await browser.newContext({ locale: 'tr-TR' });
    const p2 = await next.newPage();
    await p2.goto(`${web.url}/login`);
    await p2.fill('input[name=username]', 'yonetici');
    await p2.fill('input[name=password]', PASSWORD);
    await Promise.all([p2.waitForURL(/\/login\/totp$/), p2.click('button[type=submit]')]);
    await p2.fill('input[name=code]', TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + 30_000 }));
    await Promise.all([p2.waitForURL((u) => !u.pathname.startsWith('/login')), p2.click('form[action="/login/totp"] button')]);
    expect(await textOf(p2, 'header .who')).toContain('yonetici');
    await next.close();
  }, 90_000);

  it("a directorate member cannot see another directorate's ticket", async () => {
    const { context, page } = await signIn('sks-personel');
    expect(await textOf(page, 'table')).toContain('Yemekhanedeki yemekler');
    expect(await textOf(page, 'table')).not.toContain('Mezuniyet');
    const res = await page.goto(`${web.url}/tickets/${tickets.ki}`);
    expect(res?.status()).toBe(404);
    expect(await textOf(page, 'h1')).toContain('Kayıt bulunamadı');
    expect(await textOf(page, 'body')).not.toContain('Mezuniyet');
    await context.close();
  }, 90_000);

  it('management sees the dashboard; nothing broke the Content-Security-Policy', async () => {
    const { context, page } = await signIn('rektorluk');
    await page.goto(`${web.url}/dashboard`);
    await page.locator('svg').first().waitFor({ state: 'visible' });
    await shot(page, 'gosterge');
    await context.close();
    expect(cspErrors).toEqual([]);
  }, 90_000);
});
