/**
 * Routing complaints and requests to directorates, and the business calendar their deadlines use.
 * The tickets they become live in src/tickets (which depends on routing, never the other way).
 *
 * @example
 * const router = loadRouter(config.routing.file);
 * await syncUnits(prisma, router, config);
 */
export { loadRouter, createRouter, type Router, type RouteResult, type RouterOptions } from './router.js';
export {
  readRoutingFile,
  parseRoutingFile,
  RoutingFileError,
  REQUIRED_DIRECTORATES,
  TRIAGE_DIRECTORATE,
  type RoutingFile,
  type DirectorateSpec,
} from './file.js';
export { maskIdentifiers } from '../pii/identifiers.js';
export { syncUnits, type SyncUnitsResult } from './units.js';
export { routeForEval, evalRouter, evalPrediction, isRouted } from './eval.js';
export { addBusinessHours, subtractBusinessHours, calendarFromConfig, localDate, type BusinessCalendar } from './business-hours.js';
export { holidayOn, RELIGIOUS_HOLIDAYS } from './holidays.js';
