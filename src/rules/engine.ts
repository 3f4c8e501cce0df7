/**
 * The rule engine: loads `rules/*.yaml`, compiles them once, and judges comments with no I/O.
 *
 * Combination semantics (see rules/README.md, "Sıralama"):
 * - Rules are sorted like AutoModerator: removal rules (delete/hide) first, then the others;
 *   within each group by `priority` (higher first), then by file name and position.
 * - Every rule is evaluated; `matches` lists the matching ones in that order.
 * - The final action is the most severe action among matching rules (delete > hide > review >
 *   allow); with no match it is `allow`.
 * - Categories are the union over all matching rules, so a hidden insult inside a complaint is
 *   still routed as a complaint.
 * - When `authorIsOwner` is set, rules with `ownerExempt` (default for delete/hide/review) are skipped.
 */
import { createHash } from 'node:crypto';
import { detectPersonalData, type PiiOptions } from '../pii/detect.js';
import { redactText } from '../pii/redact.js';
import { MAX_INPUT_CHARS, joinSpreadLetters, normalize } from '../text/normalize.js';
import { displayText } from '../text/bidi.js';
import { compileCondition, findLinks, hitsByGroup, lazy, type CompileEnv, type Condition, type EvalContext } from './conditions.js';
import { TermMatcher } from '../text/terms.js';
import { detectLanguage } from '../text/language.js';
import { loadModels, type Classifier, type ModelRef } from './models.js';
import { readRuleDir, RuleLoadError } from './parse.js';
import { DEFAULT_REASON, renderReason } from './reason.js';
import { ACTIONS, type Action, type Category, type CommentInput, type Decision, type RuleMatch, type Span } from './types.js';

export type { Classifier } from './models.js';
export { RuleLoadError, formatIssue, type RuleIssue } from './parse.js';

/** Options of `RuleEngine.load`. */
export interface EngineOptions {
  pii?: PiiOptions;
  /** Classifiers by model name; they OVERRIDE models the rules reference (used for cross-validation). */
  classifiers?: Record<string, Classifier>;
  /**
   * Time budget for judging one comment, in milliseconds (default `DEFAULT_BUDGET_MS`). Past it the
   * remaining rules are skipped and the comment goes to human review instead of stalling the worker.
   */
  budgetMs?: number;
  /** Millisecond clock for the budget (tests inject a fake one). */
  clock?: () => number;
}

/** Default per-comment evaluation budget: far above a normal comment (about 1 ms), so load spikes never trigger it. */
export const DEFAULT_BUDGET_MS = 1000;

/**
 * The budget is checked before every this-many rules, not before each: a clock read costs about as
 * much as a cheap rule (about 3% of judging time with a check per rule), and a comment past its budget
 * only runs a few more rules of a few microseconds each.
 */
export const BUDGET_CHECK_EVERY = 8;

/** `ruleId` of the match added when a comment ran out of its evaluation budget. */
export const TIME_BUDGET_RULE_ID = 'system.time_budget';

/** A compiled rule. */
export interface CompiledRule {
  id: string;
  description?: string;
  file: string;
  categories: Category[];
  action: Action;
  priority: number;
  reason: string;
  ownerExempt: boolean;
  when: Condition;
}

/** Built-in per-category defaults, used when no rule file sets `defaults.actions`. */
export const BUILTIN_DEFAULT_ACTIONS: Readonly<Record<Category, Action>> = {
  insult: 'hide',
  harassment: 'hide',
  hate_speech: 'hide',
  private_data: 'hide',
  advertising: 'hide',
  complaint: 'allow',
  request: 'allow',
};

const SEVERITY: Record<Action, number> = { delete: 3, hide: 2, review: 1, allow: 0 };

/** More severe of two actions. */
export function moreSevere(a: Action, b: Action): Action {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export class RuleEngine {
  private constructor(
    readonly version: string,
    readonly rules: readonly CompiledRule[],
    private readonly classifiers: ReadonlyMap<string, Classifier>,
    private readonly pii: PiiOptions,
    private readonly terms: TermMatcher,
    private readonly budgetMs: number,
    private readonly clock: () => number,
  ) {}

  /**
   * Load and compile every rule file of `dir`. Throws `RuleLoadError` (with every issue as
   * file:line:column) when anything is invalid; never returns a partial rule set.
   */
  static async load(dir: string, opts: EngineOptions = {}): Promise<RuleEngine> {
    const { files, issues } = await readRuleDir(dir);
    if (issues.length) throw new RuleLoadError(issues);
    const refs: ModelRef[] = [];
    const defaults: Record<string, Action> = { ...BUILTIN_DEFAULT_ACTIONS };
    const defaultSetIn = new Map<string, string>();
    for (const file of files) {
      for (const [name, path] of Object.entries(file.data.models ?? {})) {
        const prev = refs.find((r) => r.name === name);
        if (prev) issues.push(file.issueAt(['models', name], `model "${name}" zaten ${prev.file.name} içinde tanımlı (duplicate model)`));
        else refs.push({ name, file, path });
      }
      for (const [cat, action] of Object.entries(file.data.defaults?.actions ?? {})) {
        const prev = defaultSetIn.get(cat);
        if (prev) issues.push(file.issueAt(['defaults', 'actions', cat], `"${cat}" varsayılanı zaten ${prev} içinde (duplicate default)`));
        defaultSetIn.set(cat, file.name);
        if (action) defaults[cat] = action;
      }
    }
    const models = new Set([...refs.map((r) => r.name), ...Object.keys(opts.classifiers ?? {})]);
    const listFiles = new Map<string, string>();
    const terms = new TermMatcher();
    const compiled: Array<CompiledRule & { order: number }> = [];
    const seen = new Map<string, string>();
    for (const file of files) {
      const env: Omit<CompileEnv, 'compile'> = { dir, file, issues, models, listFiles, terms };
      for (const [i, r] of file.data.rules.entries()) {
        const prev = seen.get(r.id);
        if (prev) issues.push(file.issueAt(['rules', i, 'id'], `kural kimliği "${r.id}" zaten ${prev} içinde kullanılmış (duplicate rule id)`));
        seen.set(r.id, file.name);
        const when = await compileCondition(r.when, ['rules', i, 'when'], env);
        if (!r.enabled) continue;
        const action = r.action ?? r.categories.map((c) => defaults[c] ?? 'review').reduce(moreSevere, 'allow');
        compiled.push({
          id: r.id,
          ...(r.description ? { description: r.description } : {}),
          file: file.name,
          categories: r.categories,
          action,
          priority: r.priority,
          reason: r.reason ?? DEFAULT_REASON,
          ownerExempt: r.ownerExempt ?? action !== 'allow',
          when,
          order: compiled.length,
        });
      }
    }
    const loaded = await loadModels(dir, refs, opts.classifiers ?? {});
    issues.push(...loaded.issues);
    if (issues.length) throw new RuleLoadError(issues);
    const removal = (r: CompiledRule): number => (SEVERITY[r.action] >= SEVERITY.hide ? 1 : 0);
    compiled.sort((a, b) => removal(b) - removal(a) || b.priority - a.priority || a.order - b.order);
    const version = versionOf(
      files.map((f) => [f.name, f.source] as const),
      listFiles,
      loaded.contents,
      Object.keys(opts.classifiers ?? {}),
    );
    const rules = compiled.map(({ order: _o, ...r }) => r);
    const engine = new RuleEngine(
      version,
      rules,
      loaded.classifiers,
      opts.pii ?? {},
      terms,
      opts.budgetMs ?? DEFAULT_BUDGET_MS,
      opts.clock ?? (() => performance.now()),
    );
    // The first evaluations compile lazily built parts (regex automata, classifier tables, JIT): do
    // them here so that the first real comment is not judged cold and sent to review for the budget.
    for (const text of WARM_UP_TEXTS) engine.evaluate({ text });
    return engine;
  }

  /** Names of the classifiers in use. */
  get modelNames(): string[] {
    return [...this.classifiers.keys()];
  }

  /** Judge one comment. Pure: same input, same rule set → same decision. */
  evaluate(input: CommentInput): Decision {
    const started = this.clock();
    const text = input.text.length > MAX_INPUT_CHARS ? input.text.slice(0, MAX_INPUT_CHARS) : input.text;
    // The whole text, not the matching cap: every finding is redacted from what gets stored.
    const pii = detectPersonalData(input.text, this.pii);
    // Scores are computed when a rule first asks for them: a rule gated by a cheap term list never
    // pays for its model. The decision reports the scores that were consulted.
    const scores: Record<string, number> = {};
    const classifiers = this.classifiers;
    const norm = lazy(() => normalize(text));
    // Classifiers read what people see: bidi overrides applied (normalisation does the same for rules),
    // and words spread out letter by letter ("W.H.A.T.S.A.P.P") joined as the rules read them.
    const shown = lazy(() => {
      const display = displayText(text);
      return display === text ? joinSpreadLetters(text, norm) : display;
    });
    const score = (model: string): number | undefined => {
      const known = scores[model];
      if (known !== undefined) return known;
      const c = classifiers.get(model);
      if (!c) return undefined;
      return (scores[model] = c.score(shown()));
    };
    const termHits = lazy(() => hitsByGroup(this.terms.match(norm().tokens)));
    const ctx: EvalContext = { input, text, pii, score, norm, links: lazy(() => findLinks(text)), termHits, lang: lazy(() => detectLanguage(text)) };
    const matches: RuleMatch[] = [];
    let action: Action = 'allow';
    const categories: Category[] = [];
    const rules = this.rules;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      // Reading the clock costs about as much as a cheap rule: look every few rules (see BUDGET_CHECK_EVERY).
      if (r % BUDGET_CHECK_EVERY === 0) {
        const elapsed = this.clock() - started;
        if (elapsed > this.budgetMs) {
          action = moreSevere(action, 'review');
          matches.push(budgetMatch(elapsed, this.budgetMs));
          break;
        }
      }
      if (input.authorIsOwner && rule.ownerExempt) continue;
      // A cheaper yes/no first (conditions/registry.ts, `test`); the evidence only for a rule that matches.
      const test = rule.when.test;
      const hit = test === undefined || test(ctx) ? rule.when(ctx) : null;
      if (!hit) continue;
      action = moreSevere(action, rule.action);
      for (const c of rule.categories) if (!categories.includes(c)) categories.push(c);
      matches.push({
        ruleId: rule.id,
        categories: rule.categories,
        action: rule.action,
        priority: rule.priority,
        reason: renderReason(rule.reason, {
          rule: rule.id,
          categories: rule.categories,
          action: rule.action,
          texts: hit.texts,
          ...(hit.score !== undefined ? { score: hit.score } : {}),
          ...(input.authorName ? { author: input.authorName } : {}),
        }),
        spans: dedupeSpans(hit.spans),
      });
    }
    return { action, categories, matches, scores, pii, ruleSetVersion: this.version, redactedText: redactText(input.text, pii) };
  }
}

/** Texts that walk the main paths of a rule set once at load (digits, links, Turkish letters, a question). */
const WARM_UP_TEXTS = [
  'Merhaba hocam, yemekhane ne zaman açılıyor? Sınav sonuçları www.ornek.edu.tr adresinde mi? 0532 000 00 00 bet10.com',
  'SEN TAM BİR ŞEY MİSİN!!! çok güzel olmuş, teşekkürler 20191234567 ogrenci@ornek.edu.tr',
];

function budgetMatch(elapsed: number, budget: number): RuleMatch {
  return {
    ruleId: TIME_BUDGET_RULE_ID,
    categories: [],
    action: 'review',
    priority: 0,
    reason: `Değerlendirme süre sınırını aştı (${Math.round(elapsed)} ms > ${budget} ms); kalan kurallar çalıştırılmadı, yorum incelemeye gönderildi`,
    spans: [],
  };
}

function dedupeSpans(spans: Span[]): Span[] {
  // Most matches carry one span or none: nothing to sort or dedupe.
  if (spans.length < 2) return spans.slice();
  const seen = new Set<string>();
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const k = `${s.start}:${s.end}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(s);
    }
  }
  return out;
}

function versionOf(files: ReadonlyArray<readonly [string, string]>, lists: Map<string, string>, models: Map<string, Buffer>, overrides: string[]): string {
  const h = createHash('sha256');
  for (const [name, src] of files) h.update(`file\0${name}\0${src}\0`);
  for (const [name, src] of [...lists].sort()) h.update(`list\0${name}\0${src}\0`);
  for (const [name, buf] of [...models].sort((a, b) => a[0].localeCompare(b[0]))) h.update(`model\0${name}\0`).update(buf);
  for (const name of [...overrides].sort()) h.update(`override\0${name}\0`);
  return h.digest('hex').slice(0, 16);
}

/** Actions from most to least severe (re-exported for callers that sort). */
export const ACTIONS_BY_SEVERITY: readonly Action[] = ACTIONS;
