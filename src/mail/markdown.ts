import MarkdownIt from 'markdown-it';

/**
 * Markdown for mail bodies. Raw HTML is off (a request body can never inject markup or scripts into
 * the institutional template), links are recognised in plain text, and only http(s)/mailto links
 * survive markdown-it's own link validation.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
const SAFE_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim());

// Inline styles: many mail clients drop <style> blocks, so every element carries its own.
const STYLE: Record<string, string> = {
  p: 'margin:0 0 16px 0;',
  h1: 'font-size:22px;line-height:1.3;margin:24px 0 12px 0;',
  h2: 'font-size:19px;line-height:1.3;margin:20px 0 10px 0;',
  h3: 'font-size:17px;line-height:1.3;margin:16px 0 8px 0;',
  ul: 'margin:0 0 16px 0;padding-left:24px;',
  ol: 'margin:0 0 16px 0;padding-left:24px;',
  li: 'margin:0 0 6px 0;',
  a: 'color:#0b4f9c;text-decoration:underline;',
  blockquote: 'margin:0 0 16px 0;padding:4px 0 4px 12px;border-left:4px solid #c9d3e0;color:#3b4a5a;',
  code: 'font-family:Consolas,Menlo,monospace;font-size:14px;background:#f1f3f5;padding:1px 4px;',
  pre: 'font-family:Consolas,Menlo,monospace;font-size:14px;background:#f1f3f5;padding:12px;white-space:pre-wrap;margin:0 0 16px 0;',
  hr: 'border:0;border-top:1px solid #d8dee6;margin:24px 0;',
  table: 'border-collapse:collapse;margin:0 0 16px 0;',
  th: 'border:1px solid #c9d3e0;padding:6px 8px;text-align:left;',
  td: 'border:1px solid #c9d3e0;padding:6px 8px;',
  img: 'max-width:100%;height:auto;',
};

md.core.ruler.push('inline_styles', (state) => {
  const visit = (tokens: typeof state.tokens): void => {
    for (const t of tokens) {
      if (t.nesting >= 0 && STYLE[t.tag]) t.attrSet('style', STYLE[t.tag]!);
      if (t.tag === 'a' && t.nesting === 1) t.attrSet('target', '_blank');
      if (t.children) visit(t.children);
    }
  };
  visit(state.tokens);
});

/** The body as an HTML fragment with inline styles (no raw HTML from the source). */
export function markdownToHtml(source: string): string {
  return md.render(source);
}

/**
 * The body as plain text for the text/plain alternative: emphasis marks dropped, links written as
 * "text (address)", list items bulleted or numbered, paragraphs separated by a blank line.
 */
export function markdownToText(source: string): string {
  const out: string[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let line = '';
  const flush = (blank: boolean): void => {
    if (line.trim() || !blank) out.push(line.replace(/\s+$/, ''));
    line = '';
    if (blank && out.length && out[out.length - 1] !== '') out.push('');
  };
  for (const t of md.parse(source, {})) {
    switch (t.type) {
      case 'bullet_list_open':
        lists.push({ ordered: false, n: 0 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, n: Number(t.attrGet('start') ?? 1) - 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (!lists.length) flush(true);
        break;
      case 'list_item_open': {
        const l = lists[lists.length - 1];
        if (l) line += `${'  '.repeat(lists.length - 1)}${l.ordered ? `${++l.n}.` : '•'} `;
        break;
      }
      case 'list_item_close':
        if (line) flush(false);
        break;
      case 'paragraph_close':
        if (lists.length) flush(false);
        else flush(true);
        break;
      case 'heading_close':
        flush(true);
        break;
      case 'hr':
        out.push('────────────');
        out.push('');
        break;
      case 'code_block':
      case 'fence':
        out.push(
          ...t.content
            .replace(/\n$/, '')
            .split('\n')
            .map((l) => `    ${l}`),
        );
        out.push('');
        break;
      case 'blockquote_open':
        line += '> ';
        break;
      case 'inline':
        line += inlineText(t.children ?? []);
        break;
      default:
        break;
    }
  }
  if (line) flush(true);
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type InlineToken = NonNullable<ReturnType<typeof md.parseInline>[number]['children']>[number];

function inlineText(children: InlineToken[]): string {
  let s = '';
  const links: Array<{ href: string; start: number }> = [];
  for (const c of children) {
    if (c.type === 'text' || c.type === 'code_inline') s += c.content;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') s += '\n';
    else if (c.type === 'image') s += c.content || '[görsel]';
    else if (c.type === 'link_open') links.push({ href: c.attrGet('href') ?? '', start: s.length });
    else if (c.type === 'link_close') {
      const l = links.pop();
      if (!l) continue;
      const label = s.slice(l.start);
      const shown = l.href.replace(/^mailto:/i, '');
      if (label === l.href)
        s = s.slice(0, l.start) + shown; // an autolink: the address once, without "mailto:"
      else if (label !== shown) s += ` (${shown})`;
    }
  }
  return s;
}
