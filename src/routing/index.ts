/**
 * Routing complaints and requests to directorates, and the tickets they become.
 *
 * @example
 * const router = loadRouter(config.routing.file);
 * await syncUnits(prisma, router, config);
 * await openTicketForComment({ prisma, router, config }, { commentId, accountUnitId, platform, authorId, kind: 'complaint', redactedText });
 * await checkSlas({ prisma, router, config }, new Date());      // every minute
 * await sendDailyDigest({ prisma, router, config }, new Date()); // on routing.digestCron
 */
export { loadRouter, createRouter, type Router, type RouteResult, type RouterOptions } from './router.js';
export { readRoutingFile, parseRoutingFile, RoutingFileError, REQUIRED_DIRECTORATES, TRIAGE_DIRECTORATE, type RoutingFile, type DirectorateSpec } from './file.js';
export { syncUnits, type SyncUnitsResult } from './units.js';
export { routeForEval, evalRouter, evalPrediction, isRouted } from './eval.js';
export { addBusinessHours, subtractBusinessHours, calendarFromConfig, localDate, type BusinessCalendar } from './business-hours.js';
export { holidayOn, RELIGIOUS_HOLIDAYS } from './holidays.js';
export { openTicketForComment, type OpenTicketInput, type OpenTicketResult } from '../tickets/open.js';
export { authorKeyOf, authorSalt, AUTHOR_SALT_KEY } from '../tickets/author-key.js';
export { checkSlas, type SlaCheckResult } from '../tickets/sla.js';
export { sendDailyDigest } from '../tickets/digest.js';
export { assignTicket, answerTicket, closeTicket, reopenTicket, findTicket, TRANSITIONS } from '../tickets/lifecycle.js';
export { approveReply } from '../tickets/reply.js';
export { TicketError, type TicketDeps, type TicketConfig } from '../tickets/deps.js';
