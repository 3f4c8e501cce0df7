/** Formatting helpers the templates use. Every function returning HTML escapes what it embeds. */
import type { Config } from '../config/index.js';
import { addBusinessHours, calendarFromConfig } from '../routing/business-hours.js';
import { KIND_TR, STATUS_TR } from '../tickets/deps.js';
import { formatTime } from '../tickets/notify.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface Span {
  start: number;
  end: number;
}

/** `text` as HTML with the spans wrapped in <mark>; overlapping spans are merged. Everything is escaped. */
export function highlight(text: string, spans: readonly Span[], cls = 'es'): string {
  const sorted = [...spans].filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  let out = '';
  let at = 0;
  for (const s of merged) {
    out += escapeHtml(text.slice(at, s.start)) + `<mark class="${cls}">${escapeHtml(text.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return out + escapeHtml(text.slice(at));
}

/** Business hours from `now` to `due` (negative when overdue), to a quarter hour. */
export function businessHoursLeft(now: Date, due: Date, cal: ReturnType<typeof calendarFromConfig>): number {
  const sign = due >= now ? 1 : -1;
  const [from, to] = sign > 0 ? [now, due] : [due, now];
  let lo = 0;
  let hi = 1;
  while (addBusinessHours(from, hi, cal) < to && hi < 10_000) hi *= 2;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (addBusinessHours(from, mid, cal) < to) lo = mid;
    else hi = mid;
  }
  return (sign * Math.round(hi * 4)) / 4;
}

export function helpers(config: Config) {
  const tz = config.university.timezone;
  const cal = calendarFromConfig(config);
  return {
    escape: escapeHtml,
    highlight,
    // dd.MM.yyyy HH:mm, as in the mails (tr-TR's short date style leaves days 1-9 unpadded: " 1.12.2026").
    date: (d: Date | string | null | undefined): string => (d ? formatTime(new Date(d), tz) : '—'),
    status: (s: string): string => STATUS_TR[s] ?? s,
    kind: (k: string): string => KIND_TR[k] ?? k,
    /** "3,5 iş saati kaldı" / "2 iş saati gecikti" for open tickets; state-only otherwise. */
    sla(t: { dueAt: Date | null; status: string }, now = new Date()): { label: string; cls: string } {
      if (!t.dueAt || t.status === 'closed' || t.status === 'answered') return { label: '—', cls: 'sla-none' };
      const left = businessHoursLeft(now, t.dueAt, cal);
      const n = Math.abs(left).toLocaleString('tr-TR');
      if (left < 0) return { label: `${n} iş saati gecikti`, cls: 'sla-late' };
      return { label: `${n} iş saati kaldı`, cls: left <= config.routing.warnBeforeHours ? 'sla-warn' : 'sla-ok' };
    },
    /** A query string from non-empty values (for filter and page links). */
    qs(params: Record<string, unknown>): string {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
      const s = p.toString();
      return s ? `?${s}` : '';
    },
    json: (v: unknown): string => JSON.stringify(v),
  };
}

export type Helpers = ReturnType<typeof helpers>;

/** Page number from a query value (1-based, bounded). */
export function pageOf(raw: unknown): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

export const PAGE_SIZE = 25;
