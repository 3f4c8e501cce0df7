/**
 * Shared vocabulary of moderation: what the rule engine decides about a comment. Every other module
 * (worker, routing, mail, CLI, the personal-data detector) speaks in these types; the engine's internals
 * stay behind `RuleEngine`.
 */
import type { Platform } from './platform.js';

export const MODERATION_CATEGORIES = ['insult', 'harassment', 'hate_speech', 'private_data', 'advertising'] as const;
export const ROUTING_CATEGORIES = ['complaint', 'request'] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];
export type RoutingCategory = (typeof ROUTING_CATEGORIES)[number];
export type Category = ModerationCategory | RoutingCategory;

/** What to do with a comment, from most to least severe. */
export const ACTIONS = ['delete', 'hide', 'review', 'allow'] as const;
export type Action = (typeof ACTIONS)[number];

/** A comment as the engine sees it. Only `text` is required. */
export interface CommentInput {
  text: string;
  platform?: Platform;
  authorId?: string;
  authorName?: string;
  /** The author is the account itself or one of its staff: exempt from removal rules by default. */
  authorIsOwner?: boolean;
  isReply?: boolean;
}

/** A span of the ORIGINAL text (UTF-16 offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

export type PiiType = 'tckn' | 'iban' | 'card' | 'phone' | 'email' | 'student_number' | 'credential' | 'address';

export interface PiiFinding extends Span {
  type: PiiType;
  /** true when a checksum (TCKN, mod-97, Luhn) or a strict format proved it. */
  validated: boolean;
  /** 0..1; validated findings are 1. */
  confidence: number;
  /** Finer kind where it matters, e.g. phone: mobile | fixed | business. */
  subtype?: string;
}

export interface RuleMatch {
  ruleId: string;
  categories: Category[];
  action: Action;
  priority: number;
  /** Reason text with placeholders filled in (Turkish, for staff). */
  reason: string;
  spans: Span[];
}

export interface Decision {
  action: Action;
  categories: Category[];
  matches: RuleMatch[];
  /** Classifier scores by name, e.g. { offensive: 0.93 }. */
  scores: Record<string, number>;
  pii: PiiFinding[];
  ruleSetVersion: string;
  /** The text with personal data replaced, safe to store and to show. */
  redactedText: string;
}
