import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logger redaction', () => {
  const token = 'EAAGm0PX4ZCpsBAKZCZBZAZ9xyzSecretToken123';
  const password = 'Gizli-Parola!2026';
  const email = 'ayse.yilmaz@example.com';

  for (const format of ['json', 'pretty'] as const) {
    test(`a token, a password and an e-mail address never reach the ${format} output`, () => {
      const sink = capture();
      const log = createLogger({ level: 'info', format, destination: sink.stream });
      log.info({ account: { accessToken: token, owner: email }, smtp: { pass: password } }, `giriş ${email} için`);
      log.warn(`istek başarısız: https://graph.example/v24.0/me?access_token=${token}`);
      log.error({ err: new Error(`SMTP reddetti: smtp://bekci:${password}@mail.example:587 kullanıcı ${email}`) }, 'hata');
      log.info({ headers: { authorization: `Bearer ${token}` }, password }, 'istek');
      const out = sink.text();
      expect(out.length).toBeGreaterThan(100); // something was written
      expect(out).toContain('istek');
      expect(out).not.toContain(token);
      expect(out).not.toContain(password);
      expect(out).not.toContain(email);
      expect(out).not.toContain('ayse.yilmaz');
    });
  }

  test('child bindings, interpolated arguments and student numbers are scrubbed too', () => {
    const sink = capture();
    const log = createLogger({ level: 'info', format: 'json', destination: sink.stream });
    const child = log.child({ account: { accessToken: token, owner: email } });
    child.info('çocuk günlüğü');
    log.info('ayarlar: %o', { password });
    log.info('öğrenci 201912345 için kayıt');
    const out = sink.text();
    expect(out).toContain('çocuk günlüğü');
    expect(out).not.toContain(token);
    expect(out).not.toContain(email);
    expect(out).not.toContain(password);
    expect(out).not.toContain('201912345');
  });

  test('personal numbers in free text are masked', () => {
    const sink = capture();
    const log = createLogger({ level: 'info', format: 'json', destination: sink.stream });
    log.info({ text: 'telefonum 0532 123 45 67, IBAN TR33 0006 1005 1978 6457 8413 26' }, 'yorum');
    const out = sink.text();
    expect(out).not.toContain('123 45 67');
    expect(out).not.toContain('6457');
    expect(out).toContain('[IBAN]');
  });
});
