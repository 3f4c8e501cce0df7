/**
 * The schema of `rules/*.yaml` (documented for staff in rules/README.md). Every object is strict:
 * an unknown key is an error, so a typo never silently disables a check.
 */
import { z } from 'zod';
import { ConditionSchema } from './conditions/index.js';
import { ACTIONS, MODERATION_CATEGORIES, ROUTING_CATEGORIES } from './types.js';

export const CATEGORY_ENUM = z.enum([...MODERATION_CATEGORIES, ...ROUTING_CATEGORIES]);
export const ACTION_ENUM = z.enum(ACTIONS);
export { ConditionSchema, type ConditionInput } from './conditions/index.js';

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
