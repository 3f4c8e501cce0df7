/**
 * Turkish public holidays (Law 2429, "Ulusal Bayram ve Genel Tatiller Hakkında Kanun"):
 * fixed national days, plus Ramazan Bayramı (3 days) and Kurban Bayramı (4 days), each preceded by
 * an eve (arife) that is a holiday from 13:00, like 28 October.
 *
 * The religious holidays follow the Hijri calendar and move about 11 days earlier every year.
 * The first days below are those of the Presidency of Religious Affairs (Diyanet) calendar as
 * published in public Turkish holiday listings, cross-checked against the Umm al-Qura dates
 * (which agree for 2024–2027 and 2030). For 2028 and 2029 some listings give Ramazan Bayramı one day
 * later (27 Feb 2028, 15 Feb 2029): check these against the Official Gazette once announced.
 * Years outside the table get only the fixed holidays.
 */

/** First day of each religious holiday, by year (local dates, YYYY-MM-DD). */
export const RELIGIOUS_HOLIDAYS: Readonly<Record<number, { ramazan: string; kurban: string }>> = {
  2024: { ramazan: '2024-04-10', kurban: '2024-06-16' },
  2025: { ramazan: '2025-03-30', kurban: '2025-06-06' },
  2026: { ramazan: '2026-03-20', kurban: '2026-05-27' },
  2027: { ramazan: '2027-03-09', kurban: '2027-05-16' },
  2028: { ramazan: '2028-02-26', kurban: '2028-05-05' },
  2029: { ramazan: '2029-02-14', kurban: '2029-04-24' },
  2030: { ramazan: '2030-02-04', kurban: '2030-04-13' },
};

/** Fixed holidays (MM-DD): New Year, 23 April, 1 May, 19 May, 15 July, 30 August, 29 October. */
const FIXED = ['01-01', '04-23', '05-01', '05-19', '07-15', '08-30', '10-29'];
/** Fixed half days (holiday from 13:00). */
const FIXED_HALF = ['10-28'];

/** A holiday on a local date: a full day off, or off from `fromHour` (arife, 28 October). */
export interface HolidayInfo {
  kind: 'full' | 'half';
  /** Local hour from which a half day is off. */
  fromHour: number;
}

const HALF_DAY_FROM = 13;
const cache = new Map<number, Map<string, HolidayInfo>>();

function shift(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function yearTable(year: number): Map<string, HolidayInfo> {
  const cached = cache.get(year);
  if (cached) return cached;
  const table = new Map<string, HolidayInfo>();
  const full = (d: string): void => void table.set(d, { kind: 'full', fromHour: 0 });
  const half = (d: string): void => {
    if (!table.has(d)) table.set(d, { kind: 'half', fromHour: HALF_DAY_FROM });
  };
  for (const md of FIXED) full(`${year}-${md}`);
  const religious = [RELIGIOUS_HOLIDAYS[year]];
  for (const r of religious) {
    if (!r) continue;
    for (let i = 0; i < 3; i++) full(shift(r.ramazan, i));
    for (let i = 0; i < 4; i++) full(shift(r.kurban, i));
  }
  // Half days last, so that a half day never overrides a full holiday.
  for (const md of FIXED_HALF) half(`${year}-${md}`);
  for (const r of religious) {
    if (!r) continue;
    half(shift(r.ramazan, -1));
    half(shift(r.kurban, -1));
  }
  cache.set(year, table);
  return table;
}

/** The holiday on a local calendar date (YYYY-MM-DD), or undefined for an ordinary day. */
export function holidayOn(isoDate: string): HolidayInfo | undefined {
  return yearTable(Number(isoDate.slice(0, 4))).get(isoDate);
}
