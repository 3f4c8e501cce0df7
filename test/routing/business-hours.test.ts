import { describe, expect, test } from 'vitest';
import { addBusinessHours, holidayOn, RELIGIOUS_HOLIDAYS, subtractBusinessHours } from '../../src/routing/index.js';

const cal = { timezone: 'Europe/Istanbul', startHour: 8, endHour: 17 };
const ist = (s: string): Date => new Date(`${s}+03:00`);

describe('business hours', () => {
  test('Friday 16:00 + 4h is Monday 11:00', () => {
    expect(addBusinessHours(ist('2026-11-20T16:00:00'), 4, cal)).toEqual(ist('2026-11-23T11:00:00'));
  });

  test('29 Ekim is skipped and 28 Ekim ends at 13:00', () => {
    // Tuesday 27 Oct 2026 15:00 + 4h: 2h on Tuesday, 28 Oct 08–13 is 5h → 10:00 on the 28th.
    expect(addBusinessHours(ist('2026-10-27T15:00:00'), 4, cal)).toEqual(ist('2026-10-28T10:00:00'));
    // 28 Oct 12:00 + 2h: 1h until 13:00, 29 Oct off, 30 Oct 08:00 + 1h.
    expect(addBusinessHours(ist('2026-10-28T12:00:00'), 2, cal)).toEqual(ist('2026-10-30T09:00:00'));
  });

  test('religious holidays and their eves are skipped', () => {
    // Arife of Ramazan Bayramı 2026 (19 March) until 13:00, then 20–22 March off.
    expect(addBusinessHours(ist('2026-03-19T12:00:00'), 4, cal)).toEqual(ist('2026-03-23T11:00:00'));
    // Kurban Bayramı 2027: 16–19 May (Sun–Wed), arife 15 May is a Saturday anyway.
    expect(addBusinessHours(ist('2027-05-14T16:00:00'), 2, cal)).toEqual(ist('2027-05-20T09:00:00'));
    expect(holidayOn('2026-05-27')?.kind).toBe('full');
    expect(holidayOn('2026-05-26')?.kind).toBe('half');
    expect(holidayOn('2026-05-25')).toBeUndefined();
  });

  test('the holiday table covers 2024–2030 and every date is a plausible Hijri step', () => {
    for (let y = 2024; y <= 2030; y++) {
      const r = RELIGIOUS_HOLIDAYS[y]!;
      const days = (Date.parse(r.kurban) - Date.parse(r.ramazan)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(67); // 1 Şevval → 10 Zilhicce: two 29/30-day months + 9 days
      expect(days).toBeLessThanOrEqual(69);
    }
  });

  test('fixed holidays and weekends', () => {
    for (const d of ['2027-01-01', '2027-04-23', '2027-05-01', '2027-05-19', '2027-07-15', '2027-08-30', '2027-10-29']) expect(holidayOn(d)?.kind).toBe('full');
    // Saturday 10:00 + 1h → Monday 09:00.
    expect(addBusinessHours(ist('2026-11-21T10:00:00'), 1, cal)).toEqual(ist('2026-11-23T09:00:00'));
    // Before opening: counts from 08:00.
    expect(addBusinessHours(ist('2026-11-23T06:30:00'), 9, cal)).toEqual(ist('2026-11-23T17:00:00'));
  });

  test('subtracting undoes adding', () => {
    const from = ist('2026-10-27T15:00:00');
    const due = addBusinessHours(from, 16, cal);
    expect(subtractBusinessHours(due, 16, cal)).toEqual(from);
    expect(subtractBusinessHours(ist('2026-11-23T11:00:00'), 4, cal)).toEqual(ist('2026-11-20T16:00:00'));
  });
});
