/** Parses Graph timestamps such as `2024-01-01T00:00:00+0000`; undefined when unparseable. */
export function parseGraphDate(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}
