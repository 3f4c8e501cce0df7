import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { Router } from './router.js';

export interface SyncUnitsResult {
  directorates: number;
  units: number;
}

/**
 * Upserts the directorates of routing.yaml and the units of configuration (`units`) into Unit, so
 * tickets, users and accounts can refer to them. Idempotent; never deletes (old tickets keep their
 * unit). Name, address and SLA follow the files on every run.
 */
export async function syncUnits(prisma: Prisma, router: Router, config: Pick<Config, 'units'>): Promise<SyncUnitsResult> {
  for (const d of router.directorates) {
    const data = { kind: 'directorate', name: d.name, email: d.email, slaHours: d.slaHours };
    await prisma.unit.upsert({ where: { id: d.id }, create: { id: d.id, ...data }, update: data });
  }
  for (const u of config.units) {
    const data = { kind: u.kind, name: u.name, email: u.email ?? null };
    await prisma.unit.upsert({ where: { id: u.id }, create: { id: u.id, ...data }, update: data });
  }
  return { directorates: router.directorates.length, units: config.units.length };
}
