import { markdownToHtml, markdownToText } from './markdown.js';

/**
 * The institutional mail template: a header with the university's name (and logo when configured),
 * the body, an optional call-to-action link and a footer. One column, at most 600 px wide, 16 px text,
 * inline CSS only, `lang="tr"`, layout tables marked `role="presentation"`: readable on phones and by
 * screen readers, and it survives clients that strip `<style>`.
 */
export interface TemplateInput {
  university: { name: string; logoUrl?: string | undefined };
  /** Shown as the page title and the heading. */
  subject: string;
  /** Body in Markdown (raw HTML is not interpreted). */
  markdown: string;
  /** A button-like link below the body (e.g. "Kaydı konsolda aç"). */
  action?: { label: string; url: string } | undefined;
  /** Footer lines, Markdown. */
  footer?: readonly string[];
}

export interface RenderedBody {
  text: string;
  html: string;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const safeUrl = (u: string): string => (/^(https?:|mailto:)/i.test(u.trim()) ? escapeHtml(u.trim()) : '#');

/** Renders the template to an HTML document and a plain-text alternative with the same content. */
export function renderTemplate(input: TemplateInput): RenderedBody {
  const name = escapeHtml(input.university.name);
  const logo = input.university.logoUrl
    ? `<img src="${safeUrl(input.university.logoUrl)}" alt="${name}" height="48" style="display:block;height:48px;width:auto;border:0;margin:0 0 8px 0;">`
    : '';
  const action = input.action
    ? `<p style="margin:8px 0 24px 0;"><a href="${safeUrl(input.action.url)}" target="_blank" style="display:inline-block;background:#0b4f9c;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:4px;font-weight:bold;">${escapeHtml(input.action.label)}</a></p>`
    : '';
  const footer = (input.footer ?? [])
    .map((f) => markdownToHtml(f))
    .join('')
    .replace(/<p style="[^"]*">/g, '<p style="margin:0 0 8px 0;">');
  const html = `<!DOCTYPE html>
<html lang="tr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(input.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#eef1f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#eef1f5;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:6px;">
<tr><td style="padding:20px 24px 12px 24px;border-bottom:4px solid #0b4f9c;font-family:Arial,Helvetica,sans-serif;">
${logo}<div style="font-size:18px;font-weight:bold;color:#0b2a4a;">${name}</div>
</td></tr>
<tr><td style="padding:20px 24px 8px 24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;">
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px 0;color:#0b2a4a;">${escapeHtml(input.subject)}</h1>
${markdownToHtml(input.markdown)}${action}
</td></tr>
<tr><td style="padding:12px 24px 20px 24px;border-top:1px solid #d8dee6;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:1.5;color:#4a5563;">
${footer}<p style="margin:0;">${name}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  const text = [
    input.university.name,
    '',
    markdownToText(input.markdown),
    ...(input.action ? ['', `${input.action.label}: ${input.action.url}`] : []),
    ...(input.footer?.length ? ['', '--', ...input.footer.map((f) => markdownToText(f))] : []),
  ].join('\n');
  return { text: `${text.trim()}\n`, html };
}
