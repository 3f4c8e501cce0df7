import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Config } from '../config/index.js';
import { BekciError } from '../core/errors.js';

/** A ready document read from disk, checked and ready to store and send. */
export interface ReadyDocument {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

export type AttachmentType = Config['mail']['attachments']['types'][number];

/** Each allowed type: the MIME type its bytes must have, the extensions it may carry, a Turkish name. */
const TYPES: Record<AttachmentType, { mime: string; ext: readonly string[]; label: string }> = {
  pdf: { mime: 'application/pdf', ext: ['.pdf'], label: 'PDF' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: ['.docx'], label: 'Word (DOCX)' },
  png: { mime: 'image/png', ext: ['.png'], label: 'PNG' },
  jpg: { mime: 'image/jpeg', ext: ['.jpg', '.jpeg'], label: 'JPEG' },
  gif: { mime: 'image/gif', ext: ['.gif'], label: 'GIF' },
  webp: { mime: 'image/webp', ext: ['.webp'], label: 'WebP' },
};

/** A document refused (type, size, unreadable): the message is Turkish and names the file. */
export class AttachmentError extends BekciError {
  constructor(message: string) {
    super('mail', message);
    this.name = 'AttachmentError';
  }
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Checks one document's bytes against the configured limits. The type is decided by the content
 * (magic numbers, via file-type), and the file name's extension must agree with it: a renamed
 * executable or a PDF called `.docx` is refused.
 */
export async function checkDocument(filename: string, content: Buffer, limits: Config['mail']['attachments']): Promise<ReadyDocument> {
  const allowed = limits.types.map((t) => TYPES[t]);
  const list = allowed.map((t) => t.label).join(', ');
  if (content.length === 0) throw new AttachmentError(`Ek boş: ${filename}`);
  if (content.length > limits.maxBytes) {
    throw new AttachmentError(`Ek çok büyük: ${filename} (${mb(content.length)}; en çok ${mb(limits.maxBytes)})`);
  }
  const detected = await fileTypeFromBuffer(content);
  const type = allowed.find((t) => t.mime === detected?.mime);
  if (!type) {
    throw new AttachmentError(`Ek türü kabul edilmiyor: ${filename} (içeriği: ${detected?.mime ?? 'tanınmadı'}); kabul edilenler: ${list}`);
  }
  const ext = extname(filename).toLowerCase();
  if (!type.ext.includes(ext)) {
    throw new AttachmentError(`Ek adının uzantısı içeriğiyle uyuşmuyor: ${filename} (içeriği ${type.label}, uzantı ${type.ext.join(' ya da ')} olmalı)`);
  }
  return { filename, contentType: type.mime, size: content.length, sha256: sha256Hex(content), content };
}

/** Reads and checks documents from disk (see `checkDocument`), and the count and total size limits. */
export async function readDocuments(paths: readonly string[], limits: Config['mail']['attachments']): Promise<ReadyDocument[]> {
  if (paths.length > limits.maxCount) throw new AttachmentError(`En çok ${limits.maxCount} ek eklenebilir (verilen: ${paths.length})`);
  const docs: ReadyDocument[] = [];
  for (const path of paths) {
    let content: Buffer;
    try {
      if (statSync(path).size > limits.maxBytes) {
        throw new AttachmentError(`Ek çok büyük: ${basename(path)} (${mb(statSync(path).size)}; en çok ${mb(limits.maxBytes)})`);
      }
      content = readFileSync(path);
    } catch (e) {
      if (e instanceof AttachmentError) throw e;
      throw new AttachmentError(`Ek dosyası okunamadı: ${path}`);
    }
    docs.push(await checkDocument(basename(path).normalize('NFC'), content, limits));
  }
  return checkDocumentSet(docs, limits);
}

/**
 * Checks uploaded documents (the console's form): each as `checkDocument`, then the count, names and
 * total size limits. A file cut off at the size limit by the upload parser is reported as too big.
 */
export async function checkUploads(
  files: ReadonlyArray<{ filename: string; content: Buffer; truncated: boolean; overTotal?: boolean }>,
  limits: Config['mail']['attachments'],
): Promise<ReadyDocument[]> {
  if (files.length > limits.maxCount) throw new AttachmentError(`En çok ${limits.maxCount} ek eklenebilir (verilen: ${files.length})`);
  const docs: ReadyDocument[] = [];
  for (const f of files) {
    const name = uploadName(f.filename);
    if (f.truncated) throw new AttachmentError(`Ek çok büyük: ${name} (en çok ${mb(limits.maxBytes)})`);
    if (f.overTotal) throw new AttachmentError(`Eklerin toplamı çok büyük (en çok ${mb(limits.maxTotalBytes)})`);
    docs.push(await checkDocument(name, f.content, limits));
  }
  return checkDocumentSet(docs, limits);
}

/** A browser's file name without any folder part, NFC, at most 200 characters. */
export function uploadName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // Control characters have no place in a file name (they would reach mail headers and pages).
  const clean = [...base.normalize('NFC')].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f).join('');
  return clean.slice(-200) || 'belge';
}

/** The limits on a set of documents: distinct names and the total size. */
function checkDocumentSet(docs: ReadyDocument[], limits: Config['mail']['attachments']): ReadyDocument[] {
  const names = new Set<string>();
  for (const d of docs) {
    if (names.has(d.filename)) throw new AttachmentError(`Aynı adla iki ek verildi: ${d.filename}`);
    names.add(d.filename);
  }
  const total = docs.reduce((n, d) => n + d.size, 0);
  if (total > limits.maxTotalBytes) throw new AttachmentError(`Eklerin toplamı çok büyük (${mb(total)}; en çok ${mb(limits.maxTotalBytes)})`);
  return docs;
}
