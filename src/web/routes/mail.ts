import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessDenied, mailVisibilityFilter, mayDecideMail, mayRequestMail, maySeeMail, requireCapability } from '../../access/authz.js';
import { ApprovalError, approveMailRequest, rejectMailRequest } from '../../mail/approval.js';
import { AttachmentError, checkUploads } from '../../mail/attachments.js';
import { documentText } from '../../mail/extract.js';
import { piiOf } from '../../mail/privacy.js';
import { createMailRequest, MailRequestError, PURPOSES } from '../../mail/requests.js';
import { previewAnnouncement } from '../../mail/preview.js';
import { requestCounts } from '../../mail/sending.js';
import { detectPersonalData } from '../../pii/detect.js';
import { PII_LABELS } from '../../pii/redact.js';
import type { PiiType } from '../../rules/types.js';
import { ensureUnit } from '../../users/units.js';
import { requireUser, type WebContext, type WebUser } from '../context.js';
import { highlight, pageOf, PAGE_SIZE } from '../helpers.js';
import { piiOptions } from '../rules-holder.js';
import { filesOf, registerUploads, uploadLimits } from '../uploads.js';

/** How much of a document's text the request page shows (findings are marked within it). */
const DOCUMENT_PREVIEW_CHARS = 20_000;

const STATUS_TR: Record<string, string> = {
  requested: 'onay bekliyor',
  approved: 'onaylandı',
  rejected: 'reddedildi',
  sending: 'gönderiliyor',
  sent: 'gönderildi',
  failed: 'başarısız',
};
const PURPOSE_TR: Record<string, string> = { information: 'bilgilendirme', invitation: 'davet', celebration: 'kutlama', congratulation: 'tebrik' };
const DONE: Record<string, string> = {
  created: 'Talep kaydedildi; birimin onaylayıcısı onaylayınca gönderilir.',
  approved: 'Talep onaylandı; gönderim başlayacak.',
  rejected: 'Talep reddedildi.',
};

type MailForm = {
  unit?: string;
  subject?: string;
  body?: string;
  groups?: string;
  replyTo?: string;
  purpose?: string;
  justification?: string;
  reason?: string;
};

export function registerMailRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { prisma } = ctx.deps.db;
  const config = ctx.deps.config;

  const visibleRequest = async (user: WebUser, id: string) => {
    if (!/^[a-z0-9]{10,40}$/.test(id)) return undefined;
    const r = await prisma.mailRequest.findUnique({ where: { id }, include: { unit: true, approvals: { orderBy: { createdAt: 'asc' } } } });
    return r && maySeeMail(user, r.unitId) ? r : undefined;
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    ctx.render.error(reply, req, 404, 'Talep bulunamadı', 'Böyle bir talep yok ya da görme yetkiniz yok.');
  /** Each attached document with its text and the personal data in it marked in place (PDF, DOCX). */
  const documentsWithFindings = async (requestId: string) => {
    const rows = await prisma.mailAttachment.findMany({ where: { requestId }, orderBy: { position: 'asc' } });
    return Promise.all(
      rows.map(async (a) => {
        let text: string | undefined;
        try {
          text = await documentText(a);
        } catch {
          text = undefined;
        }
        const shown = text?.slice(0, DOCUMENT_PREVIEW_CHARS);
        const findings = shown ? detectPersonalData(shown, piiOptions(config)) : [];
        return {
          filename: a.filename,
          size: a.size,
          contentType: a.contentType,
          hasText: text !== undefined,
          cut: (text?.length ?? 0) > DOCUMENT_PREVIEW_CHARS,
          findings: findings.length,
          html: shown ? highlight(shown, findings, 'pii') : '',
        };
      }),
    );
  };
  const requestableUnits = async (user: WebUser) => {
    if (user.role === 'representative') return user.unitId ? [await prisma.unit.findUnique({ where: { id: user.unitId } })].filter((u) => u !== null) : [];
    return prisma.unit.findMany({ orderBy: { name: 'asc' } });
  };

  app.get<{ Querystring: Record<string, string> }>('/mail', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const scope = mailVisibilityFilter(user);
    if (!scope) throw new AccessDenied('Duyuru postalarını görme yetkiniz yok.');
    const status = Object.hasOwn(STATUS_TR, req.query.durum ?? '') ? req.query.durum : undefined;
    const page = pageOf(req.query.sayfa);
    const where = { AND: [scope, status ? { status } : {}] };
    const [rows, total, counts] = await Promise.all([
      prisma.mailRequest.findMany({ where, orderBy: { createdAt: 'desc' }, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, include: { unit: true } }),
      prisma.mailRequest.count({ where }),
      prisma.mailRequest.groupBy({ by: ['status'], where: scope, _count: { _all: true } }),
    ]);
    return ctx.render.page(reply, req, 'mail-list', {
      title: 'Duyuru postası',
      rows: rows.map((r) => ({ ...r, statusLabel: STATUS_TR[r.status] ?? r.status })),
      counts: counts.map((c) => ({ status: c.status, label: STATUS_TR[c.status] ?? c.status, n: c._count._all })),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      filter: { durum: status ?? '' },
      statuses: STATUS_TR,
      mayRequest: (await requestableUnits(user)).some((u) => mayRequestMail(user, u.id)),
    });
  });

  const renderForm = async (req: FastifyRequest, reply: FastifyReply, user: WebUser, form: MailForm, errors: string[] = [], status = 200) => {
    const groups = await prisma.recipientGroup.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { recipients: true } } } });
    return ctx.render.page(
      reply,
      req,
      'mail-new',
      {
        title: 'Yeni duyuru talebi',
        form,
        errors,
        units: (await requestableUnits(user)).filter((u) => mayRequestMail(user, u.id)),
        groups: groups.map((g) => ({ name: g.name, n: g._count.recipients })),
        purposes: PURPOSES.map((p) => ({ id: p, label: PURPOSE_TR[p] })),
        docs: {
          accept: config.mail.attachments.types.map((t) => (t === 'jpg' ? '.jpg,.jpeg' : `.${t}`)).join(','),
          types: config.mail.attachments.types.map((t) => t.toUpperCase()).join(', '),
          maxMb: Math.round((config.mail.attachments.maxBytes / 1024 / 1024) * 10) / 10,
          maxCount: config.mail.attachments.maxCount,
        },
      },
      status,
    );
  };

  app.get('/mail/new', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    requireCapability(user, 'mail.request');
    return renderForm(req, reply, user, { unit: user.unitId ?? '', purpose: 'information' });
  });

  // The request form takes Markdown text and/or ready documents (multipart, limits of mail.attachments).
  const limits = config.mail.attachments;
  app.register(async (sub) => {
    await registerUploads(sub);
    sub.post<{ Body: MailForm & { groups?: string | string[]; documents?: unknown } }>(
      '/mail',
      { config: uploadLimits(limits.maxBytes, limits.maxCount + 1, limits.maxTotalBytes) },
      async (req, reply) => {
        const user = requireUser(req, reply);
        if (!user) return reply;
        requireCapability(user, 'mail.request');
        const b = req.body ?? {};
        const form: MailForm = {
          unit: String(b.unit ?? ''),
          subject: String(b.subject ?? ''),
          body: String(b.body ?? ''),
          replyTo: String(b.replyTo ?? ''),
          purpose: String(b.purpose ?? 'information'),
        };
        const groups = (Array.isArray(b.groups) ? b.groups : b.groups ? [b.groups] : []).map(String);
        if (!form.unit || !mayRequestMail(user, form.unit)) return renderForm(req, reply, user, form, ['Bu birim adına talep açamazsınız.'], 403);
        const files = filesOf(b.documents);
        try {
          const attachments = await checkUploads(files, limits);
          const r = await createMailRequest(prisma, config, {
            unit: form.unit,
            subject: form.subject!,
            body: form.body!,
            groups,
            replyTo: form.replyTo!,
            purpose: form.purpose!,
            attachments,
            by: user.name,
          });
          return reply.redirect(`/mail/${r.id}?ok=created`, 303);
        } catch (e) {
          const again = files.length ? ['Güvenlik nedeniyle seçilen belgeler yeniden seçilmelidir.'] : [];
          if (e instanceof MailRequestError) return renderForm(req, reply, user, form, [...e.problems, ...again], 400);
          if (e instanceof AttachmentError) return renderForm(req, reply, user, form, [e.message, ...again], 400);
          throw e;
        }
      },
    );
  });

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>('/mail/:id', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    const r = await visibleRequest(user, req.params.id);
    if (!r) return notFound(req, reply);
    // Exactly what recipients get (the mail service renders it); personal data is marked in place.
    const preview = await previewAnnouncement(prisma, config, r.id);
    const text = preview?.text ?? r.body;
    const findings = detectPersonalData(text, piiOptions(config));
    const unit = (await ensureUnit(prisma, config, r.unitId)) ?? { id: r.unitId, kind: 'directorate' };
    const documents = await documentsWithFindings(r.id);
    return ctx.render.page(reply, req, 'mail-show', {
      title: r.subject,
      r,
      documents,
      statusLabel: STATUS_TR[r.status] ?? r.status,
      purposeLabel: PURPOSE_TR[r.purpose] ?? r.purpose,
      previewHtml: highlight(text, findings, 'pii'),
      pii: piiOf(r.piiFindings).map((p) => ({ label: PII_LABELS[p.type as PiiType] ?? p.type, count: p.count })),
      counts: await requestCounts(prisma, r.id),
      mayDecide: mayDecideMail(user, unit) && (r.status === 'requested' || r.status === 'approved'),
      flash: req.query.ok && DONE[req.query.ok] ? { kind: 'ok', text: DONE[req.query.ok] } : undefined,
    });
  });

  const decide = (path: 'approve' | 'reject') =>
    app.post<{ Params: { id: string }; Body: MailForm }>(`/mail/:id/${path}`, async (req, reply) => {
      const user = requireUser(req, reply);
      if (!user) return reply;
      const r = await visibleRequest(user, req.params.id);
      if (!r) return notFound(req, reply);
      try {
        if (path === 'approve') await approveMailRequest(prisma, config, r.id, { by: user.name, justification: String(req.body?.justification ?? '') });
        else await rejectMailRequest(prisma, config, r.id, { by: user.name, reason: String(req.body?.reason ?? '') });
      } catch (e) {
        if (e instanceof ApprovalError) {
          const denied = /onaylayamaz|reddedemez/.test(e.message);
          return ctx.render.error(reply, req, denied ? 403 : 400, denied ? 'Yetkiniz yok' : 'İşlem yapılamadı', e.message);
        }
        if (e instanceof MailRequestError) return ctx.render.error(reply, req, 400, 'İşlem yapılamadı', e.message);
        throw e;
      }
      return reply.redirect(`/mail/${r.id}?ok=${path === 'approve' ? 'approved' : 'rejected'}`, 303);
    });
  decide('approve');
  decide('reject');
}
