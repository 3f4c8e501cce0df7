/** Conditions on what detectors found: `pii`, `links`, `author`, `classifier`. */
import { z } from 'zod';
import { PII_TAGS } from '../../pii/redact.js';
import { hostMatches, SHORTENERS } from '../links.js';
import { defineCondition, EMPTY, type Condition } from './registry.js';

const PII_TYPES = z.enum(['tckn', 'iban', 'card', 'phone', 'email', 'student_number', 'credential', 'address']);

export const pii = defineCondition({
  name: 'pii',
  cost: 0,
  schema: z.strictObject({
    types: z.array(PII_TYPES).min(1).optional(),
    validated: z.boolean().optional(),
    minConfidence: z.number().min(0).max(1).optional(),
    subtypes: z.array(z.string()).optional(),
  }),
  compile(p): Condition {
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
  },
});

export const links = defineCondition({
  name: 'links',
  cost: 1,
  schema: z.strictObject({
    domains: z.array(z.string().min(1)).optional(),
    shorteners: z.boolean().optional(),
    any: z.boolean().optional(),
  }),
  compile(l): Condition {
    const domains = [...(l.domains ?? []), ...(l.shorteners ? SHORTENERS : [])];
    return (ctx) => {
      const all = ctx.links();
      if (all.length === 0) return null;
      const found = all.filter((k) => l.any === true || domains.some((d) => hostMatches(k.host, d)));
      if (found.length === 0) return null;
      return { spans: found.map((k) => ({ start: k.start, end: k.end })), texts: found.map((k) => k.host) };
    };
  },
});

export const author = defineCondition({
  name: 'author',
  cost: 0,
  schema: z.strictObject({
    isOwner: z.boolean().optional(),
    isReply: z.boolean().optional(),
    platforms: z.array(z.enum(['facebook', 'instagram', 'x', 'youtube'])).optional(),
    names: z.array(z.string()).optional(),
  }),
  compile(a): Condition {
    const names = a.names?.map((n) => n.toLocaleLowerCase('tr'));
    return (ctx) => {
      const i = ctx.input;
      if (a.isOwner !== undefined && (i.authorIsOwner ?? false) !== a.isOwner) return null;
      if (a.isReply !== undefined && (i.isReply ?? false) !== a.isReply) return null;
      if (a.platforms && (!i.platform || !a.platforms.includes(i.platform))) return null;
      if (names && !names.includes((i.authorName ?? '').toLocaleLowerCase('tr'))) return null;
      return EMPTY;
    };
  },
});

export const classifier = defineCondition({
  name: 'classifier',
  // Scoring a model costs more than a regex: the cheap gates of a rule come first.
  cost: 5,
  schema: z.strictObject({
    model: z.string().min(1),
    min: z.number().min(0).max(1).optional(),
    max: z.number().min(0).max(1).optional(),
  }),
  compile(c, path, env): Condition {
    if (!env.models.has(c.model)) {
      env.issues.push(env.file.issueAt([...path, 'model'], `tanımsız model (unknown model): ${c.model}; \`models:\` altında tanımlayın`));
    }
    const min = c.min ?? 0;
    const max = c.max ?? 1;
    const when: Condition = (ctx) => {
      const s = ctx.score(c.model);
      if (s === undefined || s < min || s > max) return null;
      return { spans: [], texts: [], score: s };
    };
    when.consults = true;
    return when;
  },
});
