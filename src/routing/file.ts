/**
 * rules/routing.yaml: the directorates complaints and requests are routed to. Validated with zod;
 * every problem is reported with its key and its line in the file, and unknown keys are errors.
 */
import { BekciError } from '../core/errors.js';
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** Directorates bekci relies on: their ids are fixed (names, addresses, SLAs and examples are not). */
export const REQUIRED_DIRECTORATES = [
  'ogrenci-isleri',
  'bilgi-islem',
  'sks',
  'kutuphane',
  'mali-isler',
  'idari-isler',
  'uluslararasi',
  'kariyer',
  'insan-kaynaklari',
  'kurumsal-iletisim',
] as const;

/** Where low-confidence and unclassifiable feedback goes for triage. */
export const TRIAGE_DIRECTORATE = 'kurumsal-iletisim';

const directorateSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'küçük harf, rakam ve tire olmalı'),
  name: z.string().min(1),
  email: z.string().email(),
  /** Business hours to answer. */
  slaHours: z.number().int().positive(),
  keywords: z.array(z.string().min(2)).default([]),
  /**
   * The unit's own names as people write them ("öğrenci işleri", "mali işler"): a comment that names
   * the unit goes there unless the rest of it clearly says otherwise (a larger bonus than a keyword).
   */
  names: z.array(z.string().min(2)).default([]),
  examples: z.array(z.string().min(5)).min(3, 'en az 3 örnek cümle gerekli'),
});

const routingFileSchema = z
  .strictObject({
    version: z.literal(1),
    directorates: z.array(directorateSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.directorates.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: ['directorates', i, 'id'], message: `aynı kimlik iki kez: ${d.id}` });
      seen.add(d.id);
    });
    for (const id of REQUIRED_DIRECTORATES) {
      if (!seen.has(id)) ctx.addIssue({ code: 'custom', path: ['directorates'], message: `zorunlu birim eksik: ${id}` });
    }
  });

export type RoutingFile = z.infer<typeof routingFileSchema>;
export type DirectorateSpec = RoutingFile['directorates'][number];

export interface RoutingFileIssue {
  key: string;
  message: string;
  line?: number;
}

/** An invalid routing file: every problem with its key and line. */
export class RoutingFileError extends BekciError {
  constructor(
    readonly file: string,
    readonly issues: RoutingFileIssue[],
  ) {
    super(
      'routing',
      `Yönlendirme dosyası geçersiz (${file}):\n` + issues.map((i) => `  - ${file}${i.line ? `:${i.line}` : ''} ${i.key}: ${i.message}`).join('\n'),
    );
    this.name = 'RoutingFileError';
  }
}

/** Reads and validates a routing file. Throws RoutingFileError. */
export function readRoutingFile(file: string): RoutingFile {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RoutingFileError(file, [{ key: '(dosya)', message: `okunamadı: ${(e as Error).message}` }]);
  }
  return parseRoutingFile(source, file);
}

/** Validates routing YAML given as text; `file` names it in errors. */
export function parseRoutingFile(source: string, file = 'routing.yaml'): RoutingFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new RoutingFileError(
      file,
      doc.errors.map((e) => ({ key: '(YAML)', message: e.message.split('\n')[0] ?? e.message, line: lines.linePos(e.pos[0]).line })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch {
    // Only an alias expansion past the limit fails here (a "billion laughs" document).
    throw new RoutingFileError(file, [{ key: '(YAML)', message: 'çok fazla takma ad (alias) genişlemesi: dosya reddedildi' }]);
  }
  const parsed = routingFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lineOf = (path: Array<string | number>): number | undefined => {
    for (let n = path.length; n >= 1; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const issues = parsed.error.issues.flatMap((issue): RoutingFileIssue[] => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ key: [...path, k].join('.'), message: 'bilinmeyen anahtar', ...lineAt(lineOf([...path, k]) ?? lineOf(path)) }));
    }
    return [{ key: path.join('.') || '(kök)', message: issue.message, ...lineAt(lineOf(path)) }];
  });
  throw new RoutingFileError(file, issues);
}

function lineAt(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}
