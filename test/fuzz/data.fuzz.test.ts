import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { CsvError, parseCsv, sniffDelimiter } from '../../src/mail/csv.js';
import { detectPersonalData } from '../../src/pii/detect.js';
import { redactText } from '../../src/pii/redact.js';
import { parseRuleSource } from '../../src/rules/parse.js';
import { hostileText, RUNS, withinBudget } from './helpers.js';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });

/** A T.C. kimlik number with valid check digits. */
const tckn = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(8)).map(([first, rest]) => {
  const d = [first, ...rest];
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  d.push((((odd * 7 - even) % 10) + 10) % 10);
  d.push(d.reduce((a, b) => a + b, 0) % 10);
  return d.join('');
});

function luhnComplete(body: number[]): string {
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let v = body[i]!;
    if (dbl && (v *= 2) > 9) v -= 9;
    sum += v;
  }
  return [...body, (10 - (sum % 10)) % 10].join('');
}

/** A Visa-like 16-digit card number with a valid Luhn digit, written plain or in groups. */
const card = fc.tuple(digits(14), fc.boolean()).map(([rest, grouped]) => {
  const n = luhnComplete([4, ...rest]);
  return grouped ? n.replace(/(\d{4})(?=\d)/g, '$1 ') : n;
});

/** A Turkish IBAN with valid mod-97 check digits. */
const iban = digits(22).map((body) => {
  const bban = body.join('');
  const numeric = `${bban}2927` + '00'; // T=29, R=27, check digits 00
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  const check = String(98 - rem).padStart(2, '0');
  return `TR${check}${bban}`;
});

const identifier = fc.oneof(tckn, card, iban);

describe('fuzz: personal data detection and redaction', () => {
  it('never throws and leaves no validated identifier after redaction', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            hostileText.map((s) => s.slice(0, 300)),
            identifier,
          ),
          { minLength: 1, maxLength: 4 },
        ),
        hostileText.map((s) => s.slice(0, 300)),
        (parts, tail) => {
          // Identifiers stand apart from other digits (the detectors deliberately skip a number that
          // continues a longer digit sequence, e.g. "4 4000…": that is not one identifier).
          const text = parts.map(([filler, id]) => `${filler} x ${id} x `).join('') + tail;
          const found = withinBudget('detect', () => detectPersonalData(text));
          const redacted = redactText(text, found);
          const again = detectPersonalData(redacted).filter((f) => f.validated);
          expect(again).toEqual([]);
          for (const [, id] of parts) expect(redacted).not.toContain(id);
        },
      ),
      RUNS,
    );
  });

  it('redacts identifiers anywhere in a text longer than the matching cap', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), identifier), { minLength: 1, maxLength: 5 }), (placed) => {
        let text = 'a'.repeat(20_000);
        for (const [at, id] of placed.sort((a, b) => b[0] - a[0])) text = `${text.slice(0, at)} x ${id} x ${text.slice(at)}`;
        const redacted = redactText(
          text,
          withinBudget('detect long', () => detectPersonalData(text)),
        );
        for (const [, id] of placed) expect(redacted).not.toContain(id);
      }),
      { ...RUNS, numRuns: 40 },
    );
  });

  it('holds on hostile text alone', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const found = withinBudget('detect', () => detectPersonalData(text, { studentNumberPattern: '(?<![0-9])20[0-9]{7}(?![0-9])' }));
        for (const f of found) expect(f.end <= text.length && f.start < f.end).toBe(true);
        expect(detectPersonalData(redactText(text, found)).filter((f) => f.validated)).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('fuzz: YAML loaders', () => {
  const yamlish = fc.oneof(
    hostileText,
    fc
      .array(
        fc.constantFrom(
          'rules:',
          '  - id: r',
          '    categories: [insult]',
          '    when:',
          "      regex: '(a|a)*$'",
          '      terms: { list: [a*] }',
          '&a [1,2]',
          '*a',
          '<<: *a',
          '? x',
          '- - -',
          ': :',
          '!!binary x',
          '%YAML 1.2',
          '---',
          '"\\u0000"',
          '{',
          ']',
          '\t',
        ),
        { maxLength: 12 },
      )
      .map((l) => l.join('\n')),
  );

  it('the rule file parser returns a file or issues with positions, never throws', () => {
    fc.assert(
      fc.property(yamlish, (source) => {
        const r = withinBudget('rule parse', () => parseRuleSource('x.yaml', '/nonexistent/x.yaml', source));
        for (const i of r.issues) expect(i.line).toBeGreaterThanOrEqual(1);
        expect(r.file !== undefined || r.issues.length > 0).toBe(true);
      }),
      RUNS,
    );
  });

  it('the configuration loader returns a config or a ConfigError, never another error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bekci-fuzz-'));
    const file = join(dir, 'bekci.yaml');
    const configish = fc.oneof(
      yamlish,
      fc
        .array(
          fc.constantFrom(
            'worker:',
            '  tickCron: "* * *"',
            '  tickCron: 5',
            'university:',
            '  timezone: Mars/X',
            '  timezone: UTC',
            'routing:',
            '  businessHours: {start: 17, end: 8}',
            'privacy:',
            '  studentNumberPattern: "(("',
            'log:',
            '  level: loud',
            'units: [{id: a, name: b}, {id: a, name: c}]',
          ),
          { maxLength: 8 },
        )
        .map((l) => l.join('\n')),
    );
    fc.assert(
      fc.property(configish, (source) => {
        writeFileSync(file, source);
        try {
          withinBudget('config load', () => loadConfig({ env: { BEKCI_CONFIG: file } }));
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }),
      { ...RUNS, numRuns: 100 },
    );
  });
});

describe('fuzz: CSV import', () => {
  it('parses or raises CsvError with a line number, never anything else', () => {
    const csvish = fc.oneof(
      hostileText,
      fc
        .array(fc.constantFrom('email,name', 'a@b.co,"Ali"', '"x""y",z', '"unterminated', 'a;b;c', '\r\n', '\n', '""', '"a"b', '\ufeff', ','), {
          maxLength: 15,
        })
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(csvish, (text) => {
        try {
          const rows = withinBudget('csv', () => parseCsv(text, sniffDelimiter(text)));
          expect(Array.isArray(rows)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvError);
        }
      }),
      RUNS,
    );
  });
});
