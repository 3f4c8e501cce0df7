import { describe, expect, test } from 'vitest';
import { storableText } from '../../src/text/storable.js';

describe('storableText', () => {
  test('a lone surrogate becomes U+FFFD; pairs are kept', () => {
    expect(storableText('a\uD83Db')).toBe('a\uFFFDb'); // high surrogate alone
    expect(storableText('a\uDE00b')).toBe('a\uFFFDb'); // low surrogate alone
    expect(storableText('son\uD83D')).toBe('son\uFFFD'); // cut at the end
    expect(storableText('gül \uD83D\uDE00')).toBe('gül \uD83D\uDE00'); // a real emoji
    expect(storableText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD'); // reversed pair
  });

  test('NUL, C0 and C1 controls are removed; tab and newline stay', () => {
    expect(storableText('a\u0000b')).toBe('ab');
    expect(storableText('satır1\r\nsatır2\tson')).toBe('satır1\nsatır2\tson');
    expect(storableText('x\u0007\u001B[31my\u007F\u0085\u009Fz')).toBe('x[31myz');
    expect(storableText('Çok güzel, teşekkürler')).toBe('Çok güzel, teşekkürler');
  });

  test('idempotent, and the result is well-formed UTF-16 without controls', () => {
    const nasty = '\u0000\uD800x\u0001\uDFFF\u009Fy\uD83D\uDE00\u0085';
    const once = storableText(nasty);
    expect(storableText(once)).toBe(once);
    expect(Buffer.from(once, 'utf8').toString('utf8')).toBe(once);
    // eslint-disable-next-line no-control-regex -- the point is that no control character survives
    expect(once).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});
