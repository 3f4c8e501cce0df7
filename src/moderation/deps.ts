import type { Config } from '../config/index.js';
import type { Prisma } from '../db/index.js';
import type { RawRunner } from '../db/bulk-sql.js';
import type { Logger } from '../logging/logger.js';
import type { Connector, ConnectorAccount } from '../platforms/contract.js';
import type { CommentInput, Decision } from '../rules/types.js';
import type { TokenEndpoints } from '../platforms/auth/refresh.js';
import type { Vault } from '../secrets/index.js';
import type { OpenTicketInput } from '../tickets/open.js';

/** Anything that judges a comment: the rule engine, or the holder that keeps the last good rule set. */
export interface Judge {
  readonly version: string;
  evaluate(input: CommentInput): Decision;
}

/** Routes complaints and requests into tickets (the tickets module). */
export interface TicketSink {
  openTicket(input: OpenTicketInput): Promise<{ ticketId: string; created: boolean }>;
  /**
   * Opens many at once in one transaction, calling `onDone` inside it with the comments handled;
   * returns those comments (the rest go through `openTicket`). Optional: a sink without it is called
   * one by one.
   */
  openTickets?(inputs: OpenTicketInput[], onDone: (tx: RawRunner, commentIds: string[]) => Promise<void>): Promise<Map<string, unknown>>;
}

/** What the moderation components share. Built once by the worker (or a test) and passed in. */
export interface ModerationDeps {
  prisma: Prisma;
  config: Config;
  logger: Logger;
  vault: Vault;
  judge: () => Judge;
  connectorFor: (account: ConnectorAccount) => Connector;
  tickets?: TicketSink;
  /** `system:<worker id>` in the audit log. */
  actor: string;
  now?: () => Date;
  /** Token endpoints (refresh, validity checks); the real ones when absent. */
  tokenEndpoints?: TokenEndpoints;
}
