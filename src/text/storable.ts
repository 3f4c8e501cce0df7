/**
 * Text as it may be stored: every comment text and author name passes through here before it is
 * hashed, judged or written.
 *
 * - A lone UTF-16 surrogate (half of a pair, as platforms sometimes cut long texts) becomes U+FFFD:
 *   neither SQLite nor PostgreSQL can store it as UTF-8.
 * - NUL and the other C0 control characters except tab and line feed, DEL and the C1 controls
 *   (U+0080–U+009F) are removed: PostgreSQL rejects NUL in text, and none of them is ever meant to
 *   be shown. A carriage return goes too (`\r\n` becomes `\n`).
 *
 * Pure and idempotent: `storableText(storableText(s)) === storableText(s)`.
 */
export function storableText(text: string): string {
  const wellFormed = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE_ALL, '\uFFFD') : text;
  return CONTROL.test(wellFormed) ? wellFormed.replace(CONTROL_ALL, '') : wellFormed;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
