import { BekciError } from '../core/errors.js';

/** One parsed CSV record with the 1-based line its first field starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvError extends BekciError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('mail', `satır ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/**
 * RFC 4180 CSV: fields separated by `delimiter` (`,` by default; `;` is common in Turkish Excel exports),
 * records by CRLF or LF, fields optionally in double quotes; inside quotes `""` is a quote and delimiters
 * and line breaks are literal. A leading UTF-8 BOM is ignored; empty lines are skipped. Unterminated
 * quotes and text after a closing quote are errors with their line number.
 */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let afterQuote = false;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !afterQuote)) out.push({ line: recordLine, fields });
    fields = [];
    field = '';
    afterQuote = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '' || afterQuote) throw new CsvError('tırnak alanın ortasında', line);
      quoted = true;
      i++;
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      afterQuote = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (afterQuote) throw new CsvError('kapanan tırnaktan sonra beklenmeyen karakter', line);
    field += c;
    i++;
  }
  if (quoted) throw new CsvError('kapanmamış tırnak', recordLine);
  if (field !== '' || fields.length > 0 || afterQuote) endRecord();
  return out;
}

/** Picks `,` or `;` from the header line (whichever occurs more outside quotes). */
export function sniffDelimiter(text: string): ',' | ';' {
  const first = (text.split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}
