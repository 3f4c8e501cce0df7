/**
 * `bekci demo --web`: demo sign-ins for every role on the demo's database, a recipient group, then the
 * console. Harness code: production never imports it.
 */
import { randomBytes } from 'node:crypto';
import { setPassword } from '../../auth/credentials.js';
import type { Config } from '../../config/index.js';
import type { Db } from '../../db/index.js';
import type { Logger } from '../../logging/logger.js';
import { startWeb, type RunningWeb } from '../../web/serve.js';

export interface DemoWebUser {
  username: string;
  password: string;
  role: string;
  unit: string | null;
}

/** A password that satisfies the policy and is easy to type from a demo printout. */
function demoPassword(): string {
  return `demo-${randomBytes(6).toString('base64url')}-${randomBytes(3).toString('hex')}`;
}

/**
 * One user per role, staff of two directorates (the two with most tickets, or SKS and Kurumsal
 * İletişim), a faculty representative and an approver; each with a fresh random password.
 */
export async function seedDemoUsers(db: Db): Promise<DemoWebUser[]> {
  const { prisma } = db;
  const byUnit = await prisma.ticket.groupBy({ by: ['unitId'], _count: { _all: true } });
  const busiest = byUnit.sort((a, b) => b._count._all - a._count._all).map((u) => u.unitId);
  const staffUnits = [...new Set([...busiest, 'kurumsal-iletisim', 'sks'])].slice(0, 2);
  await prisma.unit.upsert({
    where: { id: 'muhendislik-fakultesi' },
    create: { id: 'muhendislik-fakultesi', kind: 'academic', name: 'Mühendislik Fakültesi' },
    update: {},
  });
  await prisma.unit.upsert({ where: { id: 'ust-yonetim' }, create: { id: 'ust-yonetim', kind: 'management', name: 'Üst Yönetim' }, update: {} });
  for (const id of ['kurumsal-iletisim', 'sks', ...staffUnits]) {
    await prisma.unit.upsert({ where: { id }, create: { id, kind: 'directorate', name: id }, update: {} });
  }
  const specs: Array<Omit<DemoWebUser, 'password'>> = [
    { username: 'demo-yonetici', role: 'admin', unit: null },
    { username: 'demo-iletisim', role: 'comms', unit: 'kurumsal-iletisim' },
    { username: `demo-personel-${staffUnits[0]}`, role: 'staff', unit: staffUnits[0]! },
    { username: `demo-personel-${staffUnits[1]}`, role: 'staff', unit: staffUnits[1]! },
    { username: 'demo-temsilci', role: 'representative', unit: 'muhendislik-fakultesi' },
    { username: 'demo-onayci', role: 'approver', unit: 'kurumsal-iletisim' },
    { username: 'demo-rektorluk', role: 'management', unit: 'ust-yonetim' },
  ];
  const out: DemoWebUser[] = [];
  for (const s of specs) {
    await prisma.user.upsert({
      where: { name: s.username },
      create: { name: s.username, role: s.role, unitId: s.unit },
      update: { role: s.role, unitId: s.unit, disabled: false },
    });
    const password = demoPassword();
    await setPassword(prisma, s.username, password, 'demo');
    out.push({ ...s, password });
  }
  const group = await prisma.recipientGroup.upsert({
    where: { name: 'demo-akademik' },
    create: { name: 'demo-akademik', kind: 'academic', description: 'Gösterim alıcıları' },
    update: {},
  });
  for (const email of ['hoca1@example.edu.tr', 'hoca2@example.edu.tr', 'hoca3@example.edu.tr']) {
    await prisma.recipient.upsert({ where: { groupId_email: { groupId: group.id, email } }, create: { groupId: group.id, email }, update: {} });
  }
  return out;
}

/** Seeds the demo users and serves the console on the demo's database. */
export async function startDemoWeb(opts: {
  db: Db;
  config: Config;
  logger: Logger;
  host: string;
  port: number;
}): Promise<{ web: RunningWeb; users: DemoWebUser[] }> {
  const users = await seedDemoUsers(opts.db);
  const web = await startWeb({ db: opts.db, config: opts.config, logger: opts.logger }, { host: opts.host, port: opts.port });
  return { web, users };
}
