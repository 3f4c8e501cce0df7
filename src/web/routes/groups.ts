import { fileTypeFromBuffer } from 'file-type';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireCapability } from '../../access/authz.js';
import { GROUP_KINDS, GroupImportError, importGroupCsv, listGroups, type GroupKind, type ImportReport } from '../../mail/groups.js';
import { requireUser, type WebContext } from '../context.js';
import { pageOf, PAGE_SIZE } from '../helpers.js';
import { filesOf, registerUploads, uploadLimits } from '../uploads.js';

const KIND_TR: Record<GroupKind, string> = { academic: 'akademik personel', administrative: 'idari personel', students: 'öğrenciler', list: 'liste' };
const OUTCOME_TR = { imported: 'eklendi', existing: 'atlandı: grupta zaten var', duplicate: 'atlandı: dosyada yinelenen', invalid: 'geçersiz adres' } as const;
/** The report lists at most this many rows (the counts cover the whole file). */
const REPORT_ROWS = 2000;

/** Text of an uploaded CSV: UTF-8, or Windows-1254 (Turkish Excel's "CSV" export); never a binary file. */
async function csvText(content: Buffer): Promise<string> {
  const type = await fileTypeFromBuffer(content);
  if (type) throw new GroupImportError(`Dosya CSV değil (içeriği: ${type.ext}). Excel'de "Farklı kaydet → CSV" ile kaydedin.`);
  if (content.includes(0)) throw new GroupImportError('Dosya CSV değil (metin dosyası olmalı).');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1254').decode(content);
  }
}

/** Recipient groups: the list and a CSV upload with its per-row report. */
export function registerGroupRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;
  const maxBytes = ctx.deps.config.web.maxUploadKb * 1024;

  const page = async (
    req: FastifyRequest<{ Querystring: { tur?: string; sayfa?: string } }>,
    reply: FastifyReply,
    data: { form?: Record<string, string>; error?: string; report?: ImportReport },
    status = 200,
  ) => {
    const r = data.report;
    const kind = (GROUP_KINDS as readonly string[]).includes(req.query.tur ?? '') ? req.query.tur! : '';
    const all = (await listGroups(prisma)).filter((g) => !kind || g.kind === kind);
    const n = pageOf(req.query.sayfa);
    return ctx.render.page(
      reply,
      req,
      'groups',
      {
        title: 'Alıcı grupları',
        groups: all.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE).map((g) => ({ ...g, kindLabel: KIND_TR[g.kind as GroupKind] ?? g.kind })),
        total: all.length,
        page: n,
        pages: Math.max(1, Math.ceil(all.length / PAGE_SIZE)),
        filter: { tur: kind },
        kinds: GROUP_KINDS.map((k) => ({ id: k, label: KIND_TR[k] })),
        maxKb: ctx.deps.config.web.maxUploadKb,
        form: data.form ?? { kind: 'list' },
        error: data.error,
        report: r && {
          group: r.group,
          added: r.added,
          existing: r.existing,
          invalid: r.invalid.length,
          duplicates: r.duplicates.length,
          total: r.rows.length,
          rows: r.rows.slice(0, REPORT_ROWS).map((x) => ({ ...x, label: OUTCOME_TR[x.outcome] })),
          cut: r.rows.length > REPORT_ROWS,
        },
      },
      status,
    );
  };

  app.get<{ Querystring: { tur?: string; sayfa?: string } }>('/mail/gruplar', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'groups.manage');
    return page(req, reply, {});
  });

  app.register(async (sub) => {
    await registerUploads(sub);
    sub.post<{ Body: { group?: string; kind?: string; csv?: unknown }; Querystring: { tur?: string; sayfa?: string } }>(
      '/mail/gruplar',
      { config: uploadLimits(maxBytes, 1) },
      async (req, reply) => {
        const user = requireUser(req, reply);
        if (!user) return reply;
        requireCapability(user, 'groups.manage');
        const form = { group: String(req.body?.group ?? '').trim(), kind: String(req.body?.kind ?? 'list') };
        const fail = (error: string) => page(req, reply, { form, error }, 400);
        if (!(GROUP_KINDS as readonly string[]).includes(form.kind)) return fail('Grup türü geçersiz.');
        if (!/^[\p{L}\p{N} ._-]{2,64}$/u.test(form.group)) return fail('Grup adı 2–64 karakter olmalı (harf, rakam, boşluk, . _ -).');
        const [file] = filesOf(req.body?.csv);
        if (!file || file.content.length === 0) return fail('CSV dosyası seçin.');
        if (file.truncated) return fail(`Dosya çok büyük: en çok ${ctx.deps.config.web.maxUploadKb} KB yüklenebilir.`);
        try {
          const csv = await csvText(file.content);
          const report = await importGroupCsv(prisma, { csv, group: form.group, kind: form.kind as GroupKind, by: user.name });
          return page(req, reply, { form, report });
        } catch (e) {
          if (e instanceof GroupImportError) return fail(e.message);
          throw e;
        }
      },
    );
  });
}
