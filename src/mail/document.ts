import { BekciError } from '../core/errors.js';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';

/** Attached ready documents bekci can read as text. */
export const DOCUMENT_EXTENSIONS = ['.txt', '.md', '.html', '.htm'] as const;
const MAX_BYTES = 2 * 1024 * 1024;

export class DocumentError extends BekciError {
  constructor(message: string, options?: ErrorOptions) {
    super('mail', message, options);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML document: scripts/styles dropped, block tags become line breaks, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|section|article|blockquote)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const n = e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Reads an attached document (.txt, .md, .html) and returns its name and text. */
export function readDocument(path: string): { name: string; text: string } {
  const ext = extname(path).toLowerCase();
  if (!(DOCUMENT_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new DocumentError(`Ek biçimi desteklenmiyor: ${ext || '(uzantısız)'}; kabul edilenler: ${DOCUMENT_EXTENSIONS.join(', ')}`);
  }
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new DocumentError(`Ek dosyası okunamadı: ${path}`);
  }
  if (size > MAX_BYTES) throw new DocumentError(`Ek dosyası çok büyük (${Math.round(size / 1024)} KB; en çok 2 MB)`);
  const raw = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const text = ext === '.html' || ext === '.htm' ? htmlToText(raw) : raw.trim();
  return { name: basename(path), text };
}
