/**
 * Business-hour arithmetic for SLAs: working hours from configuration (default 08:00–17:00) on
 * weekdays in the university's time zone, minus Turkish public holidays (holidays.ts).
 *
 * Time is walked in local wall-clock minutes. The zone's UTC offset is taken from Intl at the
 * instants involved; Türkiye has had no daylight saving time since 2016, so Europe/Istanbul is a
 * constant +03:00 and conversions are exact.
 */
import { holidayOn } from './holidays.js';

export interface BusinessCalendar {
  /** IANA zone, e.g. Europe/Istanbul. */
  timezone: string;
  /** First working hour (0–23). */
  startHour: number;
  /** End of the working day (1–24), exclusive. */
  endHour: number;
}

const MINUTE = 60_000;
const DAY_MIN = 24 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of `tz` from UTC at `instant`, in minutes. */
export function zoneOffsetMinutes(instant: Date, tz: string): number {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / MINUTE);
}

/** Local wall-clock time as "minutes since the epoch, read as if local were UTC". */
function toWall(instant: Date, tz: string): number {
  return Math.floor(instant.getTime() / MINUTE) + zoneOffsetMinutes(instant, tz);
}

function fromWall(wallMin: number, tz: string, extraMs = 0): Date {
  const guess = new Date((wallMin - zoneOffsetMinutes(new Date(wallMin * MINUTE), tz)) * MINUTE);
  return new Date((wallMin - zoneOffsetMinutes(guess, tz)) * MINUTE + extraMs);
}

/** Local date (YYYY-MM-DD) of an instant in `tz`. */
export function localDate(instant: Date, tz: string): string {
  return new Date(toWall(instant, tz) * MINUTE).toISOString().slice(0, 10);
}

/** The working window [start, end) of one local day, in minutes of that day, or null. */
function windowOf(dayStartWall: number, cal: BusinessCalendar): [number, number] | null {
  const d = new Date(dayStartWall * MINUTE);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return null;
  let end = cal.endHour * 60;
  const holiday = holidayOn(d.toISOString().slice(0, 10));
  if (holiday?.kind === 'full') return null;
  if (holiday?.kind === 'half') end = Math.min(end, holiday.fromHour * 60);
  const start = cal.startHour * 60;
  return end > start ? [start, end] : null;
}

/**
 * `from` plus `hours` business hours. A start outside working time counts from the next working
 * moment, so a ticket created on Friday 16:00 with a 4-hour SLA (08–17) is due Monday 11:00.
 */
export function addBusinessHours(from: Date, hours: number, cal: BusinessCalendar): Date {
  let remaining = Math.round(hours * 60);
  const subMinute = ((from.getTime() % MINUTE) + MINUTE) % MINUTE;
  const first = toWall(from, cal.timezone);
  let wall = first;
  for (let guard = 0; guard < 3660; guard++) {
    const day = Math.floor(wall / DAY_MIN) * DAY_MIN;
    const win = windowOf(day, cal);
    if (win) {
      const start = Math.max(wall, day + win[0]);
      const end = day + win[1];
      if (start < end) {
        if (remaining <= end - start) return fromWall(start + remaining, cal.timezone, start === first ? subMinute : 0);
        remaining -= end - start;
      }
    }
    wall = day + DAY_MIN;
  }
  throw new Error('addBusinessHours: no working time within ten years');
}

/** `to` minus `hours` business hours (the warning moment before a due date). */
export function subtractBusinessHours(to: Date, hours: number, cal: BusinessCalendar): Date {
  let remaining = Math.round(hours * 60);
  if (remaining <= 0) return to;
  let wall = toWall(to, cal.timezone);
  for (let guard = 0; guard < 3660; guard++) {
    const day = Math.floor((wall - 1) / DAY_MIN) * DAY_MIN;
    const win = windowOf(day, cal);
    if (win) {
      const end = Math.min(wall, day + win[1]);
      const start = day + win[0];
      if (end > start) {
        if (remaining <= end - start) return fromWall(end - remaining, cal.timezone);
        remaining -= end - start;
      }
    }
    wall = day;
  }
  throw new Error('subtractBusinessHours: no working time within ten years');
}

/** Business calendar from configuration. */
export function calendarFromConfig(config: { university: { timezone: string }; routing: { businessHours: { start: number; end: number } } }): BusinessCalendar {
  return { timezone: config.university.timezone, startHour: config.routing.businessHours.start, endHour: config.routing.businessHours.end };
}
