import { BekciError } from '../core/errors.js';
import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { Router } from '../routing/router.js';

/** The parts of the configuration tickets need (a full Config fits). */
export type TicketConfig = Pick<Config, 'routing' | 'mail' | 'university' | 'units'>;

/** What the ticket functions share. `now` defaults to the current time (tests pass a fixed one). */
export interface TicketDeps {
  prisma: Prisma;
  router: Router;
  config: TicketConfig;
  now?: Date;
}

/** Interactive-transaction client (the same model API as Prisma). */
export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

/** A ticket problem the user can act on (Turkish message). */
export class TicketError extends BekciError {
  constructor(message: string) {
    super('ticket', message);
    this.name = 'TicketError';
  }
}

/** Ticket statuses in Turkish, for output. */
export const STATUS_TR: Record<string, string> = {
  open: 'açık',
  assigned: 'atandı',
  answered: 'yanıtlandı',
  closed: 'kapandı',
};

export const KIND_TR: Record<string, string> = { complaint: 'şikâyet', request: 'talep' };
