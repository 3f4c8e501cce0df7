/**
 * File uploads (a mail request's ready documents, a recipient CSV): multipart, parsed only in the
 * route context that registers it, buffered in memory within per-route limits. A file cut off at the
 * size limit arrives marked `truncated` (the route reports it in Turkish) instead of failing the request.
 * Form fields come as plain strings, so the CSRF check reads `_csrf` as for any form.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface UploadedFile {
  filename: string;
  content: Buffer;
  /** Cut off at the per-file limit. */
  truncated: boolean;
  /** Dropped because the files before it already used the request's total. */
  overTotal: boolean;
}

/** Per-route limits (`config` of the route): bytes per file, number of files, bytes of all files. */
export function uploadLimits(maxFileBytes: number, maxFiles: number, maxTotalBytes = maxFileBytes) {
  return {
    uploadTotalBytes: maxTotalBytes,
    multipartOptions: { limits: { fileSize: maxFileBytes, files: maxFiles, fields: 40, fieldSize: 256 * 1024, parts: maxFiles + 40 } },
  };
}

const used = new WeakMap<FastifyRequest, number>();

export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    // Until a route says otherwise: one small file.
    limits: { fileSize: 64 * 1024, files: 1, fields: 40, fieldSize: 256 * 1024 },
    async onFile(this: FastifyRequest, part) {
      const cap = (this.routeOptions.config as { uploadTotalBytes?: number }).uploadTotalBytes ?? 0;
      let total = used.get(this) ?? 0;
      const chunks: Buffer[] = [];
      let overTotal = false;
      // Past the request's total the bytes are read and dropped: memory stays within the limits.
      for await (const c of part.file) {
        total += (c as Buffer).length;
        if (total > cap) overTotal = true;
        else chunks.push(c as Buffer);
      }
      used.set(this, total);
      const file: UploadedFile = { filename: part.filename, content: Buffer.concat(chunks), truncated: part.file.truncated, overTotal };
      part.value = file;
    },
  });
}

/** The files sent in one form field; a file input left empty (no name, no bytes) is not a file. */
export function filesOf(field: unknown): UploadedFile[] {
  const list = Array.isArray(field) ? field : field === undefined ? [] : [field];
  return list.filter(
    (f): f is UploadedFile =>
      typeof f === 'object' &&
      f !== null &&
      Buffer.isBuffer((f as UploadedFile).content) &&
      ((f as UploadedFile).filename !== '' || (f as UploadedFile).content.length > 0),
  );
}
