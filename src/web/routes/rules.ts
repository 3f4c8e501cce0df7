import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { requireCapability } from '../../access/authz.js';
import { PII_LABELS, PII_TAGS } from '../../pii/redact.js';
import { RuleEngine, RuleLoadError, formatIssue } from '../../rules/engine.js';
import { ACTION_LABELS, CATEGORY_LABELS } from '../../rules/reason.js';
import { requireUser, type WebContext } from '../context.js';
import { highlight } from '../helpers.js';
import { piiOptions } from '../rules-holder.js';

const MAX_PLAYGROUND_CHARS = 5000;

export function registerRulesRoutes(app: FastifyInstance, ctx: WebContext): void {
  const config = ctx.deps.config;

  app.get('/rules', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'rules.view');
    const dir = config.rules.dir;
    let engine: RuleEngine | undefined;
    let issues: string[] = [];
    try {
      engine = await RuleEngine.load(dir, { pii: piiOptions(config) });
    } catch (e) {
      if (!(e instanceof RuleLoadError)) throw e;
      issues = e.issues.map(formatIssue);
    }
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n) && n !== 'routing.yaml').sort();
    const files = await Promise.all(
      names.map(async (name) => ({
        name,
        modified: (await stat(join(dir, name))).mtime,
        rules: engine ? engine.rules.filter((r) => r.file === name).length : null,
        problems: issues.filter((i) => i.startsWith(name) || i.includes(`/${name}`)).length,
      })),
    );
    return ctx.render.page(reply, req, 'rules', { title: 'Kurallar', files, version: engine?.version, ruleCount: engine?.rules.length ?? 0, issues });
  });

  app.post<{ Body: { text?: string } }>('/rules/playground', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'rules.view');
    const text = String(req.body?.text ?? '');
    const fragment = req.headers['hx-request'] === 'true';
    const show = (data: Record<string, unknown>, status = 200) =>
      fragment ? ctx.render.fragment(reply, req, 'playground-result', data, status) : ctx.render.page(reply, req, 'playground-page', { title: 'Kural deneme', text, ...data }, status);
    if (!text.trim()) return show({ error: 'Denemek için bir yorum yazın.' }, 400);
    if (text.length > MAX_PLAYGROUND_CHARS) return show({ error: `Yorum en çok ${MAX_PLAYGROUND_CHARS} karakter olabilir.` }, 400);
    const engine = await ctx.rules.current();
    const d = engine.evaluate({ text });
    // Personal data is shown as its tag, never echoed back: the highlighted text is the redacted one.
    const spans = d.pii.length ? [] : d.matches.flatMap((m) => m.spans);
    return show({
      decision: {
        action: d.action,
        actionLabel: ACTION_LABELS[d.action],
        categories: d.categories.map((c) => CATEGORY_LABELS[c] ?? c),
        matches: d.matches.map((m) => ({ id: m.ruleId, reason: m.reason, action: ACTION_LABELS[m.action], priority: m.priority })),
        scores: Object.entries(d.scores).map(([k, v]) => `${k} ${v.toFixed(3)}`),
        pii: d.pii.map((p) => `${PII_LABELS[p.type]} ${PII_TAGS[p.type]}`),
        html: highlight(d.pii.length ? d.redactedText : text, spans),
        version: d.ruleSetVersion,
      },
    });
  });
}
