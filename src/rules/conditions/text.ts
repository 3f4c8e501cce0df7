/** Conditions on the comment's words: `terms`, `regex`, `minLength`, `maxLength`. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { compileLinear } from '../../text/regex.js';
import { parseTerm, type TermSpec, type TermMode } from '../../text/terms.js';
import { toOriginalSpan } from '../../text/normalize.js';
import type { Span } from '../types.js';
import { defineCondition, EMPTY, type CompileEnv, type Condition } from './registry.js';
import type { PathKey } from '../issues.js';

const MODE = z.enum(['word', 'stem', 'inside']);
const TermEntry = z.union([
  z.string().min(1),
  z.strictObject({ term: z.string().min(1), mode: MODE.optional(), except: z.array(z.string().min(1)).optional() }),
]);

export const TermsSchema = z
  .strictObject({
    list: z.array(TermEntry).optional(),
    file: z.string().min(1).optional(),
    mode: MODE.optional(),
    except: z.array(z.string().min(1)).optional(),
  })
  .refine((t) => t.list !== undefined || t.file !== undefined, { message: '`list` ya da `file` gerekli (list or file required)' });

export const RegexSchema = z.union([
  z.string().min(1).max(500),
  z.strictObject({
    pattern: z.string().min(1).max(500),
    flags: z
      .string()
      .regex(/^[ims]*$/, 'yalnızca i, m, s bayrakları (only i, m, s flags)')
      .optional(),
    on: z.enum(['normalized', 'original']).optional(),
  }),
]);

/** Read the term specs of a `terms` value (inline list and list file). */
export async function termSpecs(t: z.infer<typeof TermsSchema>, path: PathKey[], env: CompileEnv): Promise<TermSpec[]> {
  const fallback: TermMode = t.mode ?? 'word';
  const specs: TermSpec[] = [];
  for (const entry of t.list ?? []) {
    if (typeof entry === 'string') specs.push(parseTerm(entry, fallback));
    else {
      const p = parseTerm(entry.term, entry.mode ?? fallback);
      specs.push({ term: p.term, mode: entry.mode ?? p.mode, ...(entry.except ? { except: entry.except } : {}) });
    }
  }
  if (t.file) {
    const full = isAbsolute(t.file) ? t.file : join(env.dir, t.file);
    try {
      const text = await readFile(full, 'utf8');
      env.listFiles.set(t.file, text);
      specs.push(...parseListFile(text, fallback));
    } catch {
      env.issues.push(env.file.issueAt([...path, 'file'], `terim listesi bulunamadı (term list not found): ${t.file}`));
    }
  }
  return specs;
}

export const terms = defineCondition({
  name: 'terms',
  cost: 0,
  schema: TermsSchema,
  async compile(t, path, env): Promise<Condition> {
    const group = env.terms.addGroup(await termSpecs(t, path, env), t.except ?? []);
    return (ctx) => {
      const hits = ctx.termHits().get(group);
      if (!hits) return null;
      return { spans: hits.map((h) => ({ start: h.start, end: h.end })), texts: hits.map((h) => ctx.input.text.slice(h.start, h.end)) };
    };
  },
});

/**
 * A term-list file: one term per line in the `*` syntax, exceptions after `!`
 * (`sik* !sikke* !siklet*`), `#` starts a comment.
 */
export function parseListFile(text: string, fallback: TermMode = 'word'): TermSpec[] {
  const out: TermSpec[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [head, ...rest] = line.split(/\s+!/);
    const p = parseTerm(head ?? '', fallback);
    const except = rest.map((r) => r.trim()).filter(Boolean);
    out.push({ term: p.term, mode: p.mode, ...(except.length ? { except } : {}) });
  }
  return out;
}

export const regex = defineCondition({
  name: 'regex',
  cost: 4,
  schema: RegexSchema,
  compile(r, path, env): Condition {
    const spec = typeof r === 'string' ? { pattern: r } : r;
    const at = typeof r === 'string' ? path : [...path, 'pattern'];
    // RE2 semantics (text/regex.ts): linear time whatever the pattern; what RE2 lacks is refused here.
    const compiled = compileLinear(spec.pattern, spec.flags ?? '');
    if (!compiled.ok) {
      env.issues.push(env.file.issueInScalar(at, compiled.error.index, compiled.error.message));
      return () => null;
    }
    const re = compiled.pattern;
    const onOriginal = 'on' in spec && spec.on === 'original';
    // The pattern checks its required literals (text/literals.ts) itself before re2js runs.
    const when: Condition = (ctx) => {
      const hay = onOriginal ? ctx.text : ctx.norm().text;
      const found = re.findAll(hay, 20);
      if (found.length === 0) return null;
      const spans: Span[] = onOriginal ? found : found.map((s) => toOriginalSpan(ctx.norm(), s.start, s.end));
      return { spans, texts: spans.map((s) => ctx.input.text.slice(s.start, s.end)) };
    };
    // Only empty matches are not evidence: when every match holds a required literal (so none is
    // empty), "is there a match" is the DFA's test; otherwise the first non-empty match is sought.
    when.test = (ctx) => {
      const hay = onOriginal ? ctx.text : ctx.norm().text;
      return re.nonEmpty ? re.test(hay) : re.findAll(hay, 1).length > 0;
    };
    return when;
  },
});

export const minLength = defineCondition({
  name: 'minLength',
  cost: 0,
  schema: z.number().int().min(0),
  compile:
    (n): Condition =>
    (ctx) =>
      ctx.input.text.length >= n ? EMPTY : null,
});

export const maxLength = defineCondition({
  name: 'maxLength',
  cost: 0,
  schema: z.number().int().min(0),
  compile:
    (n): Condition =>
    (ctx) =>
      ctx.input.text.length <= n ? EMPTY : null,
});
