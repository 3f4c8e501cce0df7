import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import { readRoutingFile, REQUIRED_DIRECTORATES } from '../routing/file.js';

/** Top management's own unit: its requests may be approved by users with the `management` role. */
export const MANAGEMENT_UNIT = { id: 'ust-yonetim', kind: 'management', name: 'Üst Yönetim' } as const;

export interface UnitSpec {
  id: string;
  kind: string;
  name: string;
  email?: string | undefined;
  slaHours?: number | undefined;
}

/**
 * Units bekci knows without a database row: academic (and management) units from the configuration,
 * directorates from the routing file (or at least their fixed ids), and top management.
 */
export function knownUnits(config: Pick<Config, 'units' | 'routing'>): Map<string, UnitSpec> {
  const out = new Map<string, UnitSpec>();
  for (const id of REQUIRED_DIRECTORATES) out.set(id, { id, kind: 'directorate', name: id });
  try {
    for (const d of readRoutingFile(config.routing.file).directorates) {
      out.set(d.id, { id: d.id, kind: 'directorate', name: d.name, email: d.email, slaHours: d.slaHours });
    }
  } catch {
    // No or invalid routing file: the fixed directorate ids are still known.
  }
  out.set(MANAGEMENT_UNIT.id, { ...MANAGEMENT_UNIT });
  for (const u of config.units) out.set(u.id, { id: u.id, kind: u.kind, name: u.name, email: u.email });
  return out;
}

/**
 * The unit row for `id`; created from the configuration when the id is known but not synced yet.
 * Returns undefined for an unknown unit.
 */
export async function ensureUnit(
  prisma: Prisma,
  config: Pick<Config, 'units' | 'routing'>,
  id: string,
): Promise<{ id: string; kind: string; name: string; email: string | null } | undefined> {
  const row = await prisma.unit.findUnique({ where: { id } });
  if (row) return row;
  const spec = knownUnits(config).get(id);
  if (!spec) return undefined;
  return prisma.unit.upsert({
    where: { id },
    create: { id, kind: spec.kind, name: spec.name, email: spec.email ?? null, slaHours: spec.slaHours ?? null },
    update: {},
  });
}
