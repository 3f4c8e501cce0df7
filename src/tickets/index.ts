/**
 * Tickets: what a routed complaint or request becomes, its lifecycle, SLAs and digests.
 *
 * @example
 * const router = loadRouter(config.routing.file);               // src/routing
 * await openTicketForComment({ prisma, router, config }, { commentId, accountUnitId, platform, authorId, kind: 'complaint', redactedText });
 * await checkSlas({ prisma, router, config }, new Date());      // every minute
 * await sendDailyDigest({ prisma, router, config }, new Date()); // on routing.digestCron
 */
export { openTicketForComment, type OpenTicketInput, type OpenTicketResult } from './open.js';
export { authorKeyOf, authorSalt, AUTHOR_SALT_KEY } from './author-key.js';
export { checkSlas, type SlaCheckResult } from './sla.js';
export { sendDailyDigest } from './digest.js';
export { assignTicket, answerTicket, closeTicket, reopenTicket, findTicket, TRANSITIONS } from './lifecycle.js';
export { approveReply } from './reply.js';
export { TicketError, type TicketDeps, type TicketConfig } from './deps.js';
export { openTicketsBatch } from './open-batch.js';
