/**
 * Compiling rule conditions into small closures. A compiled condition returns the evidence it
 * found (spans of the ORIGINAL text and display texts) or `null` when it does not hold.
 * Several keys in one condition object must all hold.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { PII_TAGS } from '../pii/redact.js';
import { compileLinear, prefilterReadable } from '../text/regex.js';
import { mayMatch, requiredLiterals } from '../text/literals.js';
import { TermMatcher, parseTerm, type TermHit, type TermSpec, type TermMode } from '../text/terms.js';
import { toOriginalSpan, type NormalizedText } from '../text/normalize.js';
import { findLinks, hostMatches, SHORTENERS, type Link } from './links.js';
import type { ParsedRuleFile, PathKey, RuleIssue } from './parse.js';
import type { ConditionInput } from './schema.js';
import type { CommentInput, PiiFinding, Span } from './types.js';

/** Everything a condition may look at; expensive parts are computed once per comment. */
export interface EvalContext {
  input: CommentInput;
  /** The input text cut to the length cap. */
  text: string;
  norm(): NormalizedText;
  links(): Link[];
  pii: PiiFinding[];
  scores: Record<string, number>;
  /** Term hits of the shared matcher, by group. */
  termHits(): Map<number, TermHit[]>;
}

export interface Hit {
  spans: Span[];
  /** What matched, for `{{match}}`; personal data appears as its tag, never in clear. */
  texts: string[];
  score?: number;
}

export type Condition = (ctx: EvalContext) => Hit | null;

export interface CompileEnv {
  dir: string;
  file: ParsedRuleFile;
  issues: RuleIssue[];
  /** Models known to the engine (declared in any file or supplied as overrides). */
  models: Set<string>;
  /** Files read for term lists, for the rule-set version. */
  listFiles: Map<string, string>;
  /** One matcher for every term list of the rule set. */
  terms: TermMatcher;
}

const EMPTY: Hit = { spans: [], texts: [] };

/** Compile one condition; problems are appended to `env.issues` and a never-true condition is returned. */
export async function compileCondition(c: ConditionInput, path: PathKey[], env: CompileEnv): Promise<Condition> {
  const parts: Condition[] = [];
  if (c.terms) parts.push(await compileTerms(c.terms, [...path, 'terms'], env));
  if (c.regex !== undefined) parts.push(compileRegex(c.regex, [...path, 'regex'], env));
  if (c.pii) parts.push(compilePii(c.pii));
  if (c.links) parts.push(compileLinks(c.links));
  if (c.author) parts.push(compileAuthor(c.author));
  if (c.classifier) parts.push(compileClassifier(c.classifier, [...path, 'classifier'], env));
  if (c.minLength !== undefined) {
    const n = c.minLength;
    parts.push((ctx) => (ctx.input.text.length >= n ? EMPTY : null));
  }
  if (c.maxLength !== undefined) {
    const n = c.maxLength;
    parts.push((ctx) => (ctx.input.text.length <= n ? EMPTY : null));
  }
  if (c.all) {
    const subs = await Promise.all(c.all.map((s, i) => compileCondition(s, [...path, 'all', i], env)));
    parts.push(allOf(subs));
  }
  if (c.any) {
    const subs = await Promise.all(c.any.map((s, i) => compileCondition(s, [...path, 'any', i], env)));
    parts.push((ctx) => {
      let out: Hit | null = null;
      for (const s of subs) {
        const h = s(ctx);
        if (h) out = out ? merge(out, h) : h;
      }
      return out;
    });
  }
  if (c.not) {
    const sub = await compileCondition(c.not, [...path, 'not'], env);
    parts.push((ctx) => (sub(ctx) ? null : EMPTY));
  }
  return parts.length === 1 ? (parts[0] as Condition) : allOf(parts);
}

function allOf(parts: Condition[]): Condition {
  return (ctx) => {
    let out: Hit = EMPTY;
    for (const p of parts) {
      const h = p(ctx);
      if (!h) return null;
      out = out === EMPTY ? h : merge(out, h);
    }
    return out;
  };
}

function merge(a: Hit, b: Hit): Hit {
  const score = b.score ?? a.score;
  return { spans: [...a.spans, ...b.spans], texts: [...a.texts, ...b.texts], ...(score !== undefined ? { score } : {}) };
}

async function compileTerms(t: NonNullable<ConditionInput['terms']>, path: PathKey[], env: CompileEnv): Promise<Condition> {
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
  const group = env.terms.addGroup(specs, t.except ?? []);
  return (ctx) => {
    const hits = ctx.termHits().get(group);
    if (!hits) return null;
    return { spans: hits.map((h) => ({ start: h.start, end: h.end })), texts: hits.map((h) => ctx.input.text.slice(h.start, h.end)) };
  };
}

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

function compileRegex(r: NonNullable<ConditionInput['regex']>, path: PathKey[], env: CompileEnv): Condition {
  const spec = typeof r === 'string' ? { pattern: r } : r;
  const at = typeof r === 'string' ? path : [...path, 'pattern'];
  const compiled = compileLinear(spec.pattern, spec.flags ?? '');
  if (!compiled.ok) {
    env.issues.push(env.file.issueInScalar(at, compiled.error.index, compiled.error.message));
    return () => null;
  }
  const re = compiled.pattern;
  const onOriginal = 'on' in spec && spec.on === 'original';
  const required = prefilterReadable(spec.pattern) ? requiredLiterals(spec.pattern, spec.flags) : [];
  return (ctx) => {
    const hay = onOriginal ? ctx.text : ctx.norm().text;
    if (!mayMatch(hay, required)) return null;
    const found = re.findAll(hay, 20);
    if (found.length === 0) return null;
    const spans = onOriginal ? found : found.map((s) => toOriginalSpan(ctx.norm(), s.start, s.end));
    return { spans, texts: spans.map((s) => ctx.input.text.slice(s.start, s.end)) };
  };
}

function compilePii(p: NonNullable<ConditionInput['pii']>): Condition {
  const types = p.types ? new Set<string>(p.types) : null;
  const subtypes = p.subtypes ? new Set(p.subtypes) : null;
  const minConf = p.minConfidence ?? 0;
  return (ctx) => {
    if (ctx.pii.length === 0) return null;
    const found = ctx.pii.filter(
      (f) =>
        (!types || types.has(f.type)) &&
        (p.validated === undefined || f.validated === p.validated) &&
        f.confidence >= minConf &&
        (!subtypes || (f.subtype !== undefined && subtypes.has(f.subtype))),
    );
    if (found.length === 0) return null;
    return { spans: found.map((f) => ({ start: f.start, end: f.end })), texts: found.map((f) => PII_TAGS[f.type]) };
  };
}

function compileLinks(l: NonNullable<ConditionInput['links']>): Condition {
  const domains = [...(l.domains ?? []), ...(l.shorteners ? SHORTENERS : [])];
  return (ctx) => {
    const all = ctx.links();
    if (all.length === 0) return null;
    const links = all.filter((k) => l.any === true || domains.some((d) => hostMatches(k.host, d)));
    if (links.length === 0) return null;
    return { spans: links.map((k) => ({ start: k.start, end: k.end })), texts: links.map((k) => k.host) };
  };
}

function compileAuthor(a: NonNullable<ConditionInput['author']>): Condition {
  const names = a.names?.map((n) => n.toLocaleLowerCase('tr'));
  return (ctx) => {
    const i = ctx.input;
    if (a.isOwner !== undefined && (i.authorIsOwner ?? false) !== a.isOwner) return null;
    if (a.isReply !== undefined && (i.isReply ?? false) !== a.isReply) return null;
    if (a.platforms && (!i.platform || !a.platforms.includes(i.platform))) return null;
    if (names && !names.includes((i.authorName ?? '').toLocaleLowerCase('tr'))) return null;
    return EMPTY;
  };
}

function compileClassifier(c: NonNullable<ConditionInput['classifier']>, path: PathKey[], env: CompileEnv): Condition {
  if (!env.models.has(c.model)) {
    env.issues.push(env.file.issueAt([...path, 'model'], `tanımsız model (unknown model): ${c.model}; \`models:\` altında tanımlayın`));
  }
  const min = c.min ?? 0;
  const max = c.max ?? 1;
  return (ctx) => {
    const s = ctx.scores[c.model];
    if (s === undefined || s < min || s > max) return null;
    return { spans: [], texts: [], score: s };
  };
}

/** Lazily computed context parts, shared by all rules of one evaluation. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

export { findLinks };

/** Group the hits of the shared term matcher by list. */
export function hitsByGroup(hits: TermHit[]): Map<number, TermHit[]> {
  const out = new Map<number, TermHit[]>();
  for (const h of hits) {
    const list = out.get(h.group);
    if (list) list.push(h);
    else out.set(h.group, [h]);
  }
  return out;
}
