import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadRouter, syncUnits } from '../../src/routing/index.js';
import { openTicketForComment, type TicketDeps } from '../../src/tickets/index.js';
import { openTicketsBatch } from '../../src/tickets/open-batch.js';
import { decisionPriority, ticketPriority, urgencyHits } from '../../src/routing/priority.js';
import { routingKindOf } from '../../src/moderation/ingest.js';
import { createTestDb, dbLabel, type TestDb } from '../helpers/db.js';
import { makeComment, ticketConfig } from './helpers.js';

describe('ticket priority from the text', () => {
  test.each([
    ['Yemekhanede yediğimiz tavuktan sonra 15 kişi zehirlendi', 'health'],
    ['yurtta arkadasim bayildi revir kapali', 'health'],
    ['Danışman hocam bana taciz edici mesajlar atıyor', 'harassment'],
    ['B blokta gaz kokusu var, acil bakın', 'safety'],
    ['kendime zarar vermek istiyorum, kime yazabilirim', 'self_harm'],
    ['Sınav listesinde herkesin TC numaraları açık paylaşılmış, ifşa edilmiş', 'data_leak'],
    // A person reporting what is done to them, self-harm in other words, leaks and dangers named otherwise.
    ['Otobüste bir adam sürekli kız öğrencilere laf atıyor', 'harassment'],
    ['Kütüphaneden çıkınca biri peşimden geliyor', 'harassment'],
    ['a lecturer keeps sending me inappropriate messages', 'harassment'],
    ['oda arkadasim herkese veda ediyor, telefonu kapali', 'self_harm'],
    ['Arkadaşım hayatına son vermekten bahsediyor', 'self_harm'],
    ['Sistemden notlarımız ve kimlik bilgilerimiz sızmış', 'data_leak'],
    ['OBS hesabım ele geçirildi, şifrem değişmiş', 'data_leak'],
    ['Bahçedeki ağaç devrilmek üzere, altında kalan olur', 'safety'],
    ['Gece kampüste kız öğrenciler güvende hissetmiyor', 'safety'],
    ['Yurtta arkadaşımın ateşi 40, yataktan kalkamıyor', 'health'],
    // Being followed or watched, with words between the pronoun and the verb.
    ['Beni takip ediyor biri kampüste, korkuyorum', 'harassment'],
    ['biri beni spor salonundan otoparka kadar takip etti', 'harassment'],
    ['Bizi her akşam karşı binadan dürbünle izliyorlar', 'harassment'],
    ['yemekhaneden beri biri peşimde', 'harassment'],
    ['A man in a grey coat keeps staring at me in the lab', 'harassment'],
  ])('urgent: %s', (text, group) => {
    expect(urgencyHits(text).map((h) => h.group)).toContain(group);
    expect(ticketPriority(text, 'complaint')).toBe('urgent');
  });

  test.each([
    'Hastanemize yeni ambulans geldi, hayırlı olsun',
    'Ağır siklette şampiyon olan öğrencimizi tebrik ederiz',
    'Yangın tatbikatı ne zaman yapılacak?',
    'Sizi Instagram’da takip ediyorum, paylaşımlar çok güzel',
    'Herkese açık konser ne zaman?',
    'Gelişmeleri takip ediyoruz, duyuru bekliyoruz',
    'Sınavdan çok korkuyorum ama çalışıyorum',
    'Tehlikeli madde taşımacılığı semineri yarın',
    'İlk yardım kursu çok faydalıydı',
    'Veda yemeği harikaydı, hocalarımıza teşekkürler',
    'Bizi izlediğiniz için teşekkürler, yayın yarın devam ediyor',
    'Beni de Instagram’dan takip edin, kampüs fotoğrafları paylaşıyorum',
    'Beni hocalarım hep destekledi, izlediğim yoldan memnunum',
  ])('not urgent: %s', (text) => {
    expect(urgencyHits(text)).toEqual([]);
  });

  test("complaints are normal, requests low; a threat makes any decision urgent, one's own personal data does not", () => {
    expect(ticketPriority('Ring yine gelmedi', 'complaint')).toBe('normal');
    expect(ticketPriority('Kütüphane cumartesi açık mı?', 'request')).toBe('low');
    // A request about the writer's own case (it carries their identifiers) is normal, not low.
    expect(decisionPriority(['request', 'private_data'], 'Numaram [TELEFON], arar mısınız')).toBe('normal');
    expect(decisionPriority(['request'], 'Kütüphane cumartesi açık mı?')).toBe('low');
    expect(decisionPriority(['complaint', 'private_data'], 'Listede herkesin TC numaraları açık paylaşılmış')).toBe('urgent');
    expect(decisionPriority(['harassment'], 'seni bulacağım')).toBe('urgent');
    expect(decisionPriority(['insult'], 'salak')).toBeNull();
  });

  test('a ticket opened only because something is urgent (a threat, a leak) is a complaint; a plain request stays a request', () => {
    expect(routingKindOf(['harassment'])).toBe('complaint');
    expect(routingKindOf(['private_data'])).toBe('complaint');
    expect(routingKindOf(['request'])).toBe('request');
    expect(routingKindOf(['request', 'private_data'])).toBe('request');
    expect(routingKindOf(['complaint', 'request'])).toBe('complaint');
  });

  test('harassment is urgent when it is a threat (rule or first-person announcement), not a question or a remark', () => {
    expect(decisionPriority(['harassment'], 'o asistanı otoparkta bekleyeceğim')).toBe('urgent');
    expect(decisionPriority(['harassment'], 'her gün pencereni izliyorum')).toBe('urgent');
    expect(decisionPriority(['harassment'], 'Ona söyleyin arkasını kollasın', ['threat-find-wait'])).toBe('urgent');
    expect(decisionPriority(['harassment', 'private_data'], 'numarası [TELEFON], herkes arasın', ['harassment-expose-data'])).toBe('urgent');
    expect(decisionPriority(['harassment'], 'Sağdaki kızın instası ne, bilen var mı?', ['harassment-doxxing'])).toBeNull();
    expect(decisionPriority(['harassment'], 'Fotoğraftaki kız çok güzel', ['learned.harassment'])).toBeNull();
    expect(decisionPriority(['complaint'], 'Ring bekleyeceğim diye derse geç kalıyorum')).toBe('normal');
  });
});

describe(`urgent tickets on ${dbLabel()}`, () => {
  const router = loadRouter('rules/routing.yaml');
  const config = ticketConfig();
  let db: TestDb;
  let deps: TicketDeps;
  beforeAll(async () => {
    db = await createTestDb();
    deps = { prisma: db.prisma, router, config, now: new Date('2026-11-20T10:00:00+03:00') };
    await syncUnits(db.prisma, router, config);
  });
  afterAll(async () => db?.drop());

  test('an urgent ticket is mailed at once to the directorate and to top management', async () => {
    const commentId = await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'urgent-1');
    const r = await openTicketForComment(deps, {
      commentId,
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'urgent-1',
      kind: 'complaint',
      redactedText: 'Yurtta yemekten sonra 20 kişi zehirlendi, revir kapalı!',
    });
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { id: r.ticketId } });
    expect(t.priority).toBe('urgent');
    const mails = await db.prisma.outboxMessage.findMany({ where: { ticketId: r.ticketId }, orderBy: { toAddress: 'asc' } });
    expect(mails.map((m) => m.toAddress)).toEqual(['rektorluk@example.edu.tr', 'sks@example.edu.tr']);
    expect(mails[0]!.subject).toMatch(/^\[bekci\] ACİL/);
  });

  test('a normal complaint is mailed to the directorate only; the given priority wins', async () => {
    const a = await openTicketForComment(deps, {
      commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'n-1'),
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'n-1',
      kind: 'complaint',
      redactedText: 'Ring yine 40 dakika gecikti.',
    });
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: a.ticketId } })).priority).toBe('normal');
    expect(await db.prisma.outboxMessage.count({ where: { ticketId: a.ticketId } })).toBe(1);
    const b = await openTicketForComment(deps, {
      commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'n-2'),
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'n-2',
      kind: 'request',
      redactedText: 'Harç iadem için IBAN [IBAN], ne zaman yatar?',
      priority: 'urgent',
    });
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: b.ticketId } })).priority).toBe('urgent');
    expect(await db.prisma.outboxMessage.count({ where: { ticketId: b.ticketId } })).toBe(2);
  });

  test('an urgent comment joining an open ticket raises it and notifies top management', async () => {
    const first = await openTicketForComment(deps, {
      commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'j-1'),
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'j-1',
      kind: 'complaint',
      redactedText: 'Yurtta sıcak su yok.',
    });
    const second = await openTicketForComment(deps, {
      commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'j-1'),
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'j-1',
      kind: 'complaint',
      redactedText: 'Yurtta sıcak su yok, odada gaz kokusu var.',
    });
    expect(second).toMatchObject({ ticketId: first.ticketId, created: false });
    const t = await db.prisma.ticket.findUniqueOrThrow({ where: { id: first.ticketId } });
    expect(t.priority).toBe('urgent');
    const to = (await db.prisma.outboxMessage.findMany({ where: { ticketId: first.ticketId } })).map((m) => m.toAddress);
    expect(to).toContain('rektorluk@example.edu.tr');
  });

  test('the batch opener (backlog drain) writes the priority, mails management and raises a joined ticket, as one by one does', async () => {
    const open = await openTicketForComment(deps, {
      commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'b-1'),
      accountUnitId: 'kurumsal-iletisim',
      platform: 'facebook',
      authorId: 'b-1',
      kind: 'complaint',
      redactedText: 'Yurtta sıcak su yok.',
    });
    const inputs = [
      {
        commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'b-1'),
        accountUnitId: 'kurumsal-iletisim',
        platform: 'facebook',
        authorId: 'b-1',
        kind: 'complaint' as const,
        redactedText: 'Yurtta sıcak su yok, odada gaz kokusu var.',
        priority: 'urgent' as const,
      },
      {
        commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'b-2'),
        accountUnitId: 'kurumsal-iletisim',
        platform: 'facebook',
        authorId: 'b-2',
        kind: 'complaint' as const,
        redactedText: 'Yurtta yemekten sonra 20 kişi zehirlendi, revir kapalı!',
        priority: 'urgent' as const,
      },
      {
        commentId: await makeComment(db.prisma, 'kurumsal-iletisim', 'x', 'b-3'),
        accountUnitId: 'kurumsal-iletisim',
        platform: 'facebook',
        authorId: 'b-3',
        kind: 'complaint' as const,
        redactedText: 'Ring yine 40 dakika gecikti.',
        priority: 'normal' as const,
      },
    ];
    const out = await openTicketsBatch(deps, db.provider, inputs);
    expect(out.get(inputs[0]!.commentId)).toMatchObject({ ticketId: open.ticketId, created: false });
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: open.ticketId } })).priority).toBe('urgent');
    expect((await db.prisma.outboxMessage.findMany({ where: { ticketId: open.ticketId } })).map((m) => m.toAddress)).toContain('rektorluk@example.edu.tr');
    const urgent = out.get(inputs[1]!.commentId)!;
    expect(urgent.created).toBe(true);
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: urgent.ticketId } })).priority).toBe('urgent');
    const mails = await db.prisma.outboxMessage.findMany({ where: { ticketId: urgent.ticketId }, orderBy: { toAddress: 'asc' } });
    expect(mails.map((m) => m.toAddress)).toEqual(['rektorluk@example.edu.tr', 'sks@example.edu.tr']);
    expect(mails[0]!.subject).toMatch(/^\[bekci\] ACİL/);
    expect(mails[0]!.html).toBeTruthy();
    const normal = out.get(inputs[2]!.commentId)!;
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: normal.ticketId } })).priority).toBe('normal');
    expect(await db.prisma.outboxMessage.count({ where: { ticketId: normal.ticketId } })).toBe(1);
  });
});
