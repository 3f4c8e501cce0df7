import type { Config } from '../../config/index.js';
import { scratchDatabase } from '../scratch-db.js';
import { migrate, openDb } from '../../db/index.js';
import type { Logger } from '../../logging/logger.js';
import { MailDispatcher } from '../../mail/dispatcher.js';
import { SmtpSink } from '../smtp-sink.js';

export interface MailBenchResult {
  recipients: number;
  seconds: number;
  messagesPerSecond: number;
  rssStartMB: number;
  rssPeakMB: number;
  rssEndMB: number;
  heapPeakMB: number;
  /** Extra copies the sink received (0 when every recipient got exactly one). */
  duplicates: number;
  /** Recipients who got nothing. */
  missing: number;
}

const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;

/**
 * `bekci mail bench`: N synthetic recipients, one approved announcement, a loopback SMTP sink, the real
 * dispatcher at the configured (or given) rate. Memory is sampled every second; the sink checks that
 * each recipient got exactly one message.
 */
export async function runMailBench(opts: { config: Config; logger: Logger; recipients: number; rate?: number }): Promise<MailBenchResult> {
  const { url, cleanup } = scratchDatabase(opts.config.databaseUrl, 'bench');
  const sink = new SmtpSink({ keepHeaders: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await migrate(url);
    const db = await openDb(url);
    try {
      const port = await sink.listen();
      const prisma = db.prisma;
      await prisma.unit.create({ data: { id: 'bench-birim', kind: 'directorate', name: 'Ölçüm Birimi' } });
      const group = await prisma.recipientGroup.create({ data: { name: 'bench', kind: 'list' } });
      for (let i = 0; i < opts.recipients; i += 1000) {
        const n = Math.min(1000, opts.recipients - i);
        await prisma.recipient.createMany({ data: Array.from({ length: n }, (_, k) => ({ groupId: group.id, email: `alici${i + k}@bench.example` })) });
      }
      await prisma.mailRequest.create({
        data: {
          unitId: 'bench-birim',
          purpose: 'information',
          subject: 'Ölçüm: Cumhuriyet Bayramı kutlaması',
          body: 'Değerli çalışma arkadaşlarımız, şenliğe davetlisiniz.',
          replyTo: 'birim@bench.example',
          groups: ['bench'],
          status: 'approved',
          approvedRevision: 1,
        },
      });
      const config = {
        ...opts.config,
        secrets: { ...opts.config.secrets, smtpUrl: undefined },
        mail: {
          ...opts.config.mail,
          ratePerSecond: opts.rate ?? opts.config.mail.ratePerSecond,
          smtp: { ...opts.config.mail.smtp, host: '127.0.0.1', port, secure: false, requireTLS: false, user: undefined, pass: undefined },
        },
      } as Config;
      global.gc?.();
      const start = process.memoryUsage();
      let rssPeak = start.rss;
      let heapPeak = start.heapUsed;
      const sample = (): void => {
        const m = process.memoryUsage();
        rssPeak = Math.max(rssPeak, m.rss);
        heapPeak = Math.max(heapPeak, m.heapUsed);
      };
      timer = setInterval(sample, 1000);
      const t0 = performance.now();
      const dispatcher = new MailDispatcher({ prisma, config, logger: opts.logger });
      try {
        for (let round = 0; round < 5; round++) {
          await dispatcher.runOnce();
          if ((await prisma.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0) break;
        }
      } finally {
        await dispatcher.close();
      }
      const seconds = (performance.now() - t0) / 1000;
      sample();
      clearInterval(timer);
      const end = process.memoryUsage();
      let duplicates = 0;
      for (const n of sink.byRecipient.values()) duplicates += n - 1;
      return {
        recipients: opts.recipients,
        seconds: Math.round(seconds * 100) / 100,
        messagesPerSecond: Math.round((sink.byRecipient.size / seconds) * 10) / 10,
        rssStartMB: mb(start.rss),
        rssPeakMB: mb(rssPeak),
        rssEndMB: mb(end.rss),
        heapPeakMB: mb(heapPeak),
        duplicates,
        missing: opts.recipients - sink.byRecipient.size,
      };
    } finally {
      await db.close();
    }
  } finally {
    if (timer) clearInterval(timer);
    await sink.close();
    await cleanup();
  }
}
