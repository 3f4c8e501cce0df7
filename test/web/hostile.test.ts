/**
 * Comment text is hostile input: posted through the platform emulator, ingested by the real worker,
 * then shown on every console page that shows comments, it must arrive escaped.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicketForComment } from '../../src/tickets/open.js';
import { loadRouter } from '../../src/routing/index.js';
import { Worker } from '../../src/worker/worker.js';
import { dbLabel } from '../helpers/db.js';
import { createWorld, makeDue, type World } from '../helpers/world.js';
import { Agent, seedRoleUsers, webApp } from './helpers.js';

const HOSTILE = ['<script>alert("xss")</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(2)>', "' onmouseover='alert(3)"];

describe(`hostile comment text on the console pages (${dbLabel()})`, () => {
  let world: World;
  let app: FastifyInstance;
  let ticketNumber = 0;

  beforeAll(async () => {
    world = await createWorld(['facebook', 'youtube']);
    const worker = new Worker({ db: world.db, deps: world.deps, workerId: 'test-worker' });
    // BAK: the test judge sends it to review; ŞİKAYET: a complaint.
    world.post(0, `BAK ${HOSTILE.join(' ')}`);
    const complaint = world.post(1, `ŞİKAYET yemekhane ${HOSTILE.join(' ')}`);
    await makeDue(world);
    await worker.tick();
    await makeDue(world);
    await worker.tick();
    const row = await world.db.prisma.comment.findFirstOrThrow({ where: { externalId: complaint }, include: { account: true } });
    const t = await openTicketForComment(
      { prisma: world.db.prisma, router: loadRouter('rules/routing.yaml'), config: world.config },
      { commentId: row.id, accountUnitId: row.account.unitId, platform: row.platform, authorId: row.authorId, kind: 'complaint', redactedText: row.text },
    );
    ticketNumber = t.number;
    await seedRoleUsers(world.db);
    app = await webApp(world.db, world.config);
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  it('the review queue, the ticket list and the ticket page escape it', async () => {
    expect(await world.db.prisma.reviewItem.count({ where: { status: 'open' } })).toBeGreaterThan(0);
    const a = new Agent(app);
    await a.login('yonetici');
    for (const path of ['/review', '/tickets', `/tickets/${ticketNumber}`, '/dashboard', '/audit']) {
      const res = await a.get(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).not.toMatch(/<script>alert/);
      expect(res.body, path).not.toMatch(/<img src=x/i);
      expect(res.body, path).not.toMatch(/<svg onload/i);
      // An event handler inside a real tag; the escaped text may mention one, a tag may not.
      expect(res.body, path).not.toMatch(/<[^>]*\s(onerror|onload|onmouseover)=/i);
    }
    const review = await a.get('/review');
    expect(review.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(review.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const ticket = await a.get(`/tickets/${ticketNumber}`);
    expect(ticket.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(ticket.body).toContain('&#39; onmouseover=&#39;alert(3)');
  });

  it('a staff answer and a note with markup are escaped too, and the public reply is queued once on approval', async () => {
    const ticket = await world.db.prisma.ticket.findUniqueOrThrow({ where: { number: ticketNumber } });
    const unitStaff = `personel-${ticket.unitId}`;
    await world.db.prisma.user.create({ data: { name: unitStaff, role: 'staff', unitId: ticket.unitId } });
    const { setPassword } = await import('../../src/auth/credentials.js');
    await setPassword(world.db.prisma, unitStaff, 'Birim-Parolasi-1', 'test');
    const staff = new Agent(app);
    expect((await staff.login(unitStaff, 'Birim-Parolasi-1')).statusCode).toBe(303);
    expect((await staff.post(`/tickets/${ticketNumber}/assign`, { to: unitStaff })).statusCode).toBe(303);
    expect((await staff.post(`/tickets/${ticketNumber}/note`, { text: '<b onmouseover=alert(4)>not</b>' })).statusCode).toBe(303);
    expect((await staff.post(`/tickets/${ticketNumber}/answer`, { text: 'Teşekkürler <script>alert(5)</script>' })).statusCode).toBe(303);
    const page = await staff.get(`/tickets/${ticketNumber}`);
    expect(page.body).not.toMatch(/<script>alert\(5\)/);
    expect(page.body).not.toMatch(/<b onmouseover/);
    expect(page.body).toMatch(/kurumsal iletişim onayı bekliyor/);
    // Staff cannot approve their own public reply; communications staff can.
    expect(page.body).not.toMatch(/approve-reply/);
    expect((await staff.post(`/tickets/${ticketNumber}/approve-reply`, {})).statusCode).toBe(400);
    const comms = new Agent(app);
    await comms.login('iletisimci');
    expect((await comms.get(`/tickets/${ticketNumber}`)).body).toMatch(/approve-reply/);
    expect((await comms.post(`/tickets/${ticketNumber}/approve-reply`, {})).statusCode).toBe(303);
    expect((await comms.post(`/tickets/${ticketNumber}/approve-reply`, {})).statusCode).toBe(303);
    const replies = await world.db.prisma.platformAction.findMany({ where: { kind: 'reply' } });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.requestedBy).toBe('iletisimci');
  });
});
