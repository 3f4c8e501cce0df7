/** Server-side SVG charts: readable without JavaScript, no charting library. Labels are escaped. */
import { escapeHtml } from './helpers.js';

export interface Bar {
  label: string;
  value: number;
}

const COLORS = ['#0b5cad', '#1a7f37', '#9a6700', '#b3261e', '#6f42c1', '#0a7a8a'];

/** A horizontal bar chart. */
export function barChart(title: string, bars: Bar[], opts: { unit?: string } = {}): string {
  const rowH = 24;
  const labelW = 200;
  const width = 560;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = Math.max(1, bars.length) * rowH + 30;
  const rows = bars.map((b, i) => {
    const w = Math.round(((width - labelW - 60) * b.value) / max);
    const y = 24 + i * rowH;
    return (
      `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" fill="${COLORS[0]}"></rect>` +
      `<text x="${labelW + w + 4}" y="${y + 15}" font-size="12">${b.value}${escapeHtml(opts.unit ?? '')}</text>`
    );
  });
  const empty = bars.length ? '' : `<text x="10" y="40" font-size="12" fill="#5b6675">Veri yok</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${h}" width="100%"><title>${escapeHtml(title)}</title>` +
    `<text x="0" y="14" font-size="13" font-weight="600">${escapeHtml(title)}</text>${rows.join('')}${empty}</svg>`
  );
}

/** Stacked columns per day (x) and series (colours), with a legend. */
export function stackedColumns(title: string, days: string[], series: Array<{ name: string; values: number[] }>): string {
  const width = 560;
  const height = 220;
  const left = 30;
  const bottom = 40;
  const top = 24;
  const totals = days.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const colW = (width - left - 10) / Math.max(1, days.length);
  const parts: string[] = [];
  days.forEach((d, i) => {
    let y = height - bottom;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const hh = ((height - bottom - top) * v) / max;
      y -= hh;
      if (v)
        parts.push(
          `<rect x="${(left + i * colW + 2).toFixed(1)}" y="${y.toFixed(1)}" width="${(colW - 4).toFixed(1)}" height="${hh.toFixed(1)}" fill="${COLORS[k % COLORS.length]}"><title>${escapeHtml(`${d} ${s.name}: ${v}`)}</title></rect>`,
        );
    });
    if (i % Math.ceil(days.length / 7) === 0)
      parts.push(`<text x="${(left + i * colW).toFixed(1)}" y="${height - bottom + 14}" font-size="10">${escapeHtml(d.slice(5))}</text>`);
  });
  const legend = series.map(
    (s, k) =>
      `<rect x="${left + k * 100}" y="${height - 16}" width="10" height="10" fill="${COLORS[k % COLORS.length]}"></rect><text x="${left + k * 100 + 14}" y="${height - 7}" font-size="11">${escapeHtml(s.name)}</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="100%"><title>${escapeHtml(title)}</title>` +
    `<text x="0" y="14" font-size="13" font-weight="600">${escapeHtml(title)}</text><text x="0" y="${top + 10}" font-size="10">${max}</text>${parts.join('')}${legend.join('')}</svg>`
  );
}
