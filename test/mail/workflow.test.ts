import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveMailRequest, mailRequestStatus, rejectMailRequest } from '../../src/mail/approval.js';
import { MailDispatcher } from '../../src/mail/dispatcher.js';
import { importGroupCsv } from '../../src/mail/groups.js';
import { createMailRequest, editMailRequest } from '../../src/mail/requests.js';
import { SmtpSink } from '../../src/harness/smtp-sink.js';
import { addUser } from '../../src/users/users.js';
import type { Config } from '../../src/config/index.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { mailConfig, silentLogger } from './helpers.js';

describe(`mail request workflow (${dbLabel()})`, () => {
  let db: TestDb;
  let sink: SmtpSink;
  let config: Config;
  beforeAll(async () => {
    db = await createTestDb();
    sink = new SmtpSink();
    config = mailConfig(await sink.listen(), {}, { units: [{ id: 'muhendislik-fakultesi', name: 'Mühendislik Fakültesi', kind: 'academic' }] });
    await importGroupCsv(db.prisma, {
      group: 'akademik-personel',
      kind: 'academic',
      csv: 'email,name\nayse@universite.edu.tr,Ayşe Yılmaz\nmehmet@universite.edu.tr,Mehmet Öz\n',
    });
    await importGroupCsv(db.prisma, { group: 'davetliler', csv: 'email\nayse@universite.edu.tr\nzeynep@example.org\n' });
    await importGroupCsv(db.prisma, { group: 'bos-liste', csv: 'email\n' });
    await addUser(db.prisma, config, { name: 'onayci', role: 'approver', unit: 'ogrenci-isleri' });
    await addUser(db.prisma, config, { name: 'baska-onayci', role: 'approver', unit: 'muhendislik-fakultesi' });
    await addUser(db.prisma, config, { name: 'rektor-yrd', role: 'management' });
  });
  afterAll(async () => {
    await sink.close();
    await db.drop();
  });

  const base = {
    unit: 'ogrenci-isleri',
    subject: 'Güz dönemi kayıt yenileme hatırlatması',
    body: 'Değerli öğretim üyelerimiz, kayıt yenileme haftası başlıyor. Çağrı merkezimiz açıktır.',
    groups: ['akademik', 'davetliler'],
    replyTo: 'ogrenci-isleri@universite.edu.tr',
    purpose: 'bilgilendirme',
  };
  const dispatcher = (): MailDispatcher => new MailDispatcher({ prisma: db.prisma, config, logger: silentLogger() });

  it('happy path: requested → approved → sending → sent; each recipient once, Reply-To is the unit', async () => {
    const { id, status, pii } = await createMailRequest(db.prisma, config, base);
    expect(status).toBe('requested');
    expect(pii).toEqual([]);
    const d = dispatcher();
    expect((await d.runOnce()).sent).toBe(0); // nothing is sent unapproved
    expect(sink.messages).toHaveLength(0);
    await approveMailRequest(db.prisma, config, id, { by: 'onayci' });
    expect((await d.runOnce()).sent).toBe(3); // ayse is in both groups: one mail
    await d.close();
    expect(await mailRequestStatus(db.prisma, id)).toMatchObject({ request: { status: 'sent' }, sent: 3, failed: 0, pending: 0 });
    expect([...sink.byRecipient.entries()].sort()).toEqual([
      ['ayse@universite.edu.tr', 1],
      ['mehmet@universite.edu.tr', 1],
      ['zeynep@example.org', 1],
    ]);
    for (const m of sink.messages) {
      expect(m.headers).toMatch(/^Reply-To: ogrenci-isleri@universite\.edu\.tr$/im);
      expect(m.headers).not.toMatch(/^Auto-Submitted:/im);
    }
    const approvals = await db.prisma.mailApproval.findMany({ where: { requestId: id } });
    expect(approvals).toMatchObject([{ revision: 1, decision: 'approved', by: 'onayci' }]);
    const log = await db.prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { at: 'asc' } });
    expect(log.map((l) => l.action)).toEqual(['mail.request', 'mail.approve', 'mail.sending', 'mail.sent']);
    expect(log[1]!.actor).toBe('onayci');
  });

  it('checks required fields and reports every problem', async () => {
    await expect(
      createMailRequest(db.prisma, config, {
        ...base,
        unit: 'yok-boyle-birim',
        subject: ' ',
        body: '',
        groups: ['olmayan', 'bos-liste'],
        replyTo: 'birim@',
        purpose: 'reklam',
      }),
    ).rejects.toThrow(/konu.*\n.*metin.*\n.*yanıt adresi.*\n.*amaç.*\n.*birim.*\n.*grubu bulunamadı: olmayan.*\n.*boş/s);
  });

  it('an unauthorised approver is refused; management approves top management requests', async () => {
    const { id } = await createMailRequest(db.prisma, config, base);
    await expect(approveMailRequest(db.prisma, config, id, { by: 'baska-onayci' })).rejects.toThrow(/onaylayamaz/);
    await expect(approveMailRequest(db.prisma, config, id, { by: 'rektor-yrd' })).rejects.toThrow(/onaylayamaz/);
    await expect(approveMailRequest(db.prisma, config, id, { by: 'kimse' })).rejects.toThrow(/bulunamadı/);
    await rejectMailRequest(db.prisma, config, id, { by: 'onayci', reason: 'Tarih yanlış' });
    expect((await db.prisma.mailRequest.findUniqueOrThrow({ where: { id } })).status).toBe('rejected');
    const top = await createMailRequest(db.prisma, config, { ...base, unit: 'ust-yonetim', purpose: 'tebrik', replyTo: 'rektorluk@universite.edu.tr' });
    await expect(approveMailRequest(db.prisma, config, top.id, { by: 'onayci' })).rejects.toThrow(/onaylayamaz/);
    await approveMailRequest(db.prisma, config, top.id, { by: 'rektor-yrd' });
    await rejectMailRequest(db.prisma, config, top.id, { by: 'rektor-yrd', reason: 'test bitti' });
  });

  it('personal data blocks approval until a justification is recorded', async () => {
    const body = 'Ödül alan öğrencimiz için iletişim: 0532 123 45 67, kişisel adres ali.veli@gmail.com';
    const { id, pii } = await createMailRequest(db.prisma, config, { ...base, body });
    expect(pii.map((p) => p.type).sort()).toEqual(['email', 'phone'].sort());
    const stored = await db.prisma.mailRequest.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored.piiFindings)).not.toContain('0532');
    await expect(approveMailRequest(db.prisma, config, id, { by: 'onayci' })).rejects.toThrow(/kişisel veri.*gerekçe/);
    for (const weak of ['x', '   ', '...............', 'aaaaaaaaaaaaaaaaaa', 'KVKK md. 5', '!!! ??? ... --- ***']) {
      await expect(approveMailRequest(db.prisma, config, id, { by: 'onayci', justification: weak })).rejects.toThrow(/gerekçe/);
    }
    await expect(approveMailRequest(db.prisma, config, id, { by: 'onayci', justification: 'x' })).rejects.toThrow(/gerekçesi yetersiz.*en az 15 karakter/i);
    expect(await db.prisma.mailApproval.count({ where: { requestId: id } })).toBe(0);
    expect(await db.prisma.mailRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'requested' });
    await approveMailRequest(db.prisma, config, id, { by: 'onayci', justification: 'Öğrencinin yazılı açık rızası alındı' });
    const appr = await db.prisma.mailApproval.findFirstOrThrow({ where: { requestId: id } });
    expect(appr.justification).toBe('Öğrencinin yazılı açık rızası alındı');
    await rejectMailRequest(db.prisma, config, id, { by: 'onayci', reason: 'vazgeçildi' });
  });

  it('an edit after approval needs a new approval of the new revision', async () => {
    const { id } = await createMailRequest(db.prisma, config, { ...base, groups: ['davetliler'] });
    await approveMailRequest(db.prisma, config, id, { by: 'onayci' });
    const e = await editMailRequest(db.prisma, config, id, { subject: 'Düzeltme: kayıt yenileme tarihleri' });
    expect(e).toMatchObject({ revision: 2, status: 'requested' });
    const before = sink.messages.length;
    const d = dispatcher();
    expect((await d.runOnce()).sent).toBe(0);
    expect(sink.messages.length).toBe(before);
    await approveMailRequest(db.prisma, config, id, { by: 'onayci' });
    expect((await d.runOnce()).sent).toBe(2);
    await d.close();
    const rows = await db.prisma.outboxMessage.findMany({ where: { mailRequestId: id } });
    expect(rows.every((r) => r.dedupeKey.startsWith(`mail:${id}:2:`) && r.subject.startsWith('Düzeltme'))).toBe(true);
    expect((await db.prisma.mailApproval.findMany({ where: { requestId: id } })).map((a) => a.revision)).toEqual([1, 2]);
    await expect(editMailRequest(db.prisma, config, id, { body: 'geç kaldım' })).rejects.toThrow(/değiştirilemez/);
  });
});
