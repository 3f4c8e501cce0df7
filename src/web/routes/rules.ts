import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { can, maySeeAccount, requireCapability } from '../../access/authz.js';
import { isRuleFileName, loadWithChange, RuleEditError, saveRuleFile, whatWouldChange } from '../../moderation/rule-files.js';
import { PII_LABELS, PII_TAGS } from '../../pii/redact.js';
import { RuleEngine, RuleLoadError, formatIssue } from '../../rules/engine.js';
import { ACTION_LABELS, CATEGORY_LABELS } from '../../rules/reason.js';
import { requireUser, type WebContext } from '../context.js';
import { highlight } from '../helpers.js';
import { piiOptions } from '../rules-holder.js';

const MAX_PLAYGROUND_CHARS = 5000;

export function registerRulesRoutes(app: FastifyInstance, ctx: WebContext): void {
  const config = ctx.deps.config;
  const { prisma } = ctx.deps.db;

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
    // Shadow mode is per account: the rules decide and record, nothing is done on the platform.
    const accounts = can(user, 'accounts.view')
      ? (
          await prisma.account.findMany({
            orderBy: [{ unitId: 'asc' }, { platform: 'asc' }],
            select: { id: true, platform: true, name: true, unitId: true, dryRun: true },
          })
        ).filter((a) => maySeeAccount(user, a.unitId))
      : [];
    return ctx.render.page(reply, req, 'rules', {
      title: 'Kurallar',
      files,
      accounts,
      mayShadow: can(user, 'accounts.manage'),
      version: engine?.version,
      ruleCount: engine?.rules.length ?? 0,
      issues,
      mayEdit: can(user, 'rules.edit'),
    });
  });

  app.post<{ Body: { text?: string } }>('/rules/playground', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'rules.view');
    const text = String(req.body?.text ?? '');
    const fragment = req.headers['hx-request'] === 'true';
    const show = (data: Record<string, unknown>, status = 200) =>
      fragment
        ? ctx.render.fragment(reply, req, 'playground-result', data, status)
        : ctx.render.page(reply, req, 'playground-page', { title: 'Kural deneme', text, ...data }, status);
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

  const fileOf = async (name: string) => {
    if (!isRuleFileName(name)) return undefined;
    return readFile(join(config.rules.dir, name), 'utf8').catch(() => undefined);
  };

  app.get<{ Params: { name: string }; Querystring: { ok?: string } }>('/rules/dosya/:name', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'rules.view');
    const content = await fileOf(req.params.name);
    if (content === undefined) return ctx.render.error(reply, req, 404, 'Dosya bulunamadı', 'Böyle bir kural dosyası yok.');
    const versions = await prisma.ruleFileVersion.findMany({
      where: { file: req.params.name },
      orderBy: { version: 'desc' },
      take: 20,
      select: { version: true, savedBy: true, createdAt: true, ruleSet: true },
    });
    return ctx.render.page(reply, req, 'rule-file', {
      title: req.params.name,
      name: req.params.name,
      content,
      versions,
      mayEdit: can(user, 'rules.edit'),
      flash: req.query.ok
        ? { kind: 'ok', text: `Kaydedildi (sürüm ${Number(req.query.ok) || ''}); çalışan değişikliği birkaç saniye içinde alır.` }
        : undefined,
    });
  });

  type EditBody = { content?: string; limit?: string };
  app.post<{ Params: { name: string }; Body: EditBody }>('/rules/dosya/:name/dene', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'rules.view');
    if ((await fileOf(req.params.name)) === undefined) return ctx.render.error(reply, req, 404, 'Dosya bulunamadı', 'Böyle bir kural dosyası yok.');
    const limit = Math.min(2000, Math.max(1, Number(req.body?.limit) || 200));
    try {
      const edited = await loadWithChange(config.rules.dir, req.params.name, String(req.body?.content ?? ''), piiOptions(config));
      const current = await ctx.rules.current();
      const diff = await whatWouldChange(prisma, current, edited, limit);
      return ctx.render.fragment(reply, req, 'rule-diff', { ok: true, version: edited.version, rules: edited.rules.length, ...diff });
    } catch (e) {
      if (e instanceof RuleEditError) return ctx.render.fragment(reply, req, 'rule-diff', { ok: false, message: e.message, issues: e.issues }, 400);
      throw e;
    }
  });

  app.post<{ Params: { name: string }; Body: EditBody }>('/rules/dosya/:name', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'rules.edit');
    const name = req.params.name;
    if ((await fileOf(name)) === undefined) return ctx.render.error(reply, req, 404, 'Dosya bulunamadı', 'Böyle bir kural dosyası yok.');
    const content = String(req.body?.content ?? '');
    try {
      const r = await saveRuleFile(prisma, user, { dir: config.rules.dir, file: name, content, pii: piiOptions(config) });
      ctx.rules.invalidate();
      return reply.redirect(`/rules/dosya/${encodeURIComponent(name)}?ok=${r.version}`, 303);
    } catch (e) {
      if (!(e instanceof RuleEditError)) throw e;
      const versions = await prisma.ruleFileVersion.findMany({ where: { file: name }, orderBy: { version: 'desc' }, take: 20 });
      return ctx.render.page(reply, req, 'rule-file', { title: name, name, content, versions, mayEdit: true, error: e.message, issues: e.issues }, 400);
    }
  });
}
