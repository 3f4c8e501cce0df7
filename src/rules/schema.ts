/**
 * The schema of `rules/*.yaml` (documented for staff in rules/README.md). Every object is strict:
 * an unknown key is an error, so a typo never silently disables a check.
 */
import { z } from 'zod';
import { ACTIONS, MODERATION_CATEGORIES, ROUTING_CATEGORIES } from './types.js';

export const CATEGORY_ENUM = z.enum([...MODERATION_CATEGORIES, ...ROUTING_CATEGORIES]);
export const ACTION_ENUM = z.enum(ACTIONS);
const PII_TYPES = z.enum(['tckn', 'iban', 'card', 'phone', 'email', 'student_number', 'credential']);
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
    flags: z.string().regex(/^[ims]*$/, 'yalnızca i, m, s bayrakları (only i, m, s flags)').optional(),
    on: z.enum(['normalized', 'original']).optional(),
  }),
]);

export const PiiSchema = z.strictObject({
  types: z.array(PII_TYPES).min(1).optional(),
  validated: z.boolean().optional(),
  minConfidence: z.number().min(0).max(1).optional(),
  subtypes: z.array(z.string()).optional(),
});

export const LinksSchema = z.strictObject({
  domains: z.array(z.string().min(1)).optional(),
  shorteners: z.boolean().optional(),
  any: z.boolean().optional(),
});

export const AuthorSchema = z.strictObject({
  isOwner: z.boolean().optional(),
  isReply: z.boolean().optional(),
  platforms: z.array(z.enum(['facebook', 'instagram', 'x', 'youtube'])).optional(),
  names: z.array(z.string()).optional(),
});

export const ClassifierCondSchema = z.strictObject({
  model: z.string().min(1),
  min: z.number().min(0).max(1).optional(),
  max: z.number().min(0).max(1).optional(),
});

export interface ConditionInput {
  terms?: z.infer<typeof TermsSchema>;
  regex?: z.infer<typeof RegexSchema>;
  pii?: z.infer<typeof PiiSchema>;
  links?: z.infer<typeof LinksSchema>;
  author?: z.infer<typeof AuthorSchema>;
  classifier?: z.infer<typeof ClassifierCondSchema>;
  minLength?: number;
  maxLength?: number;
  all?: ConditionInput[];
  any?: ConditionInput[];
  not?: ConditionInput;
}

export const ConditionSchema: z.ZodType<ConditionInput> = z.lazy(() =>
  z
    .strictObject({
      terms: TermsSchema.optional(),
      regex: RegexSchema.optional(),
      pii: PiiSchema.optional(),
      links: LinksSchema.optional(),
      author: AuthorSchema.optional(),
      classifier: ClassifierCondSchema.optional(),
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(0).optional(),
      all: z.array(ConditionSchema).min(1).optional(),
      any: z.array(ConditionSchema).min(1).optional(),
      not: ConditionSchema.optional(),
    })
    .refine((c) => Object.keys(c).length > 0, { message: 'boş koşul (empty condition)' }),
);

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'kimlik küçük harf, rakam, - _ . içermeli (id: lower-case letters, digits, - _ .)'),
  description: z.string().optional(),
  categories: z.array(CATEGORY_ENUM).min(1),
  action: ACTION_ENUM.optional(),
  priority: z.number().int().default(0),
  reason: z.string().optional(),
  ownerExempt: z.boolean().optional(),
  enabled: z.boolean().default(true),
  when: ConditionSchema,
});

export const RuleFileSchema = z.strictObject({
  models: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), z.string().min(1)).optional(),
  defaults: z.strictObject({ actions: z.partialRecord(CATEGORY_ENUM, ACTION_ENUM) }).optional(),
  rules: z.array(RuleSchema).default([]),
});

export type RuleInput = z.infer<typeof RuleSchema>;
export type RuleFileInput = z.infer<typeof RuleFileSchema>;
