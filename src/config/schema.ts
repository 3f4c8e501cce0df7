import { z } from 'zod';

// Validation messages in Turkish: the people who edit bekci.yaml read them.
z.config(z.locales.tr());

/**
 * The configuration file (`bekci.yaml`) schema. Every key has a default so that bekci starts with no
 * file at all on the embedded SQLite database. Secrets never live here: they come from the environment
 * (see env.ts) and are merged in by load.ts.
 */

const duration = z.number().int().positive();

const smtpSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(587),
  /** Implicit TLS (smtps, usually port 465). STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().optional(),
  /** Prefer BEKCI_SMTP_URL for credentials; a password here is accepted but discouraged. */
  pass: z.string().optional(),
  requireTLS: z.boolean().default(false),
  rejectUnauthorized: z.boolean().default(true),
});

/** Default router confidence threshold (`routing.minConfidence`; see its note below). */
export const ROUTING_MIN_CONFIDENCE = 0.25;

export const configSchema = z.strictObject({
  university: z
    .strictObject({
      name: z.string().default('Üniversite'),
      /** Logo shown at the top of every mail (an https:// address; mails carry no embedded images). */
      logoUrl: z.string().url().optional(),
      /** The university's own e-mail / web domains: never treated as personal data. */
      domains: z.array(z.string().min(3)).default([]),
      /** Switchboard and office numbers: never treated as personal data. */
      phones: z.array(z.string().min(3)).default([]),
      timezone: z.string().default('Europe/Istanbul'),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** Overridden by DATABASE_URL. `file:` paths are relative to the working directory. */
      url: z.string().default('file:./data/bekci.db'),
      migrateOnStart: z.boolean().default(true),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      /** auto: readable in a terminal, JSON otherwise. */
      format: z.enum(['auto', 'json', 'pretty']).default('auto'),
    })
    .prefault({}),
  rules: z
    .strictObject({
      dir: z.string().default('./rules'),
      watch: z.boolean().default(true),
      /** Time budget for judging one comment; past it the comment goes to human review. */
      evaluationBudgetMs: duration.default(1000),
    })
    .prefault({}),
  privacy: z
    .strictObject({
      /** Regular expression for the university's student numbers. */
      studentNumberPattern: z.string().default('(?<![0-9])(?:20[0-9]{2})[0-9]{5}(?![0-9])'),
      /** Comments, decisions and their evidence are deleted after this many days. */
      retentionDays: duration.default(180),
      /** Closed tickets and sent mail rows are deleted after this many days. */
      ticketRetentionDays: duration.default(730),
    })
    .prefault({}),
  worker: z
    .strictObject({
      /** Identifies this worker in leases and the audit log; defaults to host name + pid. */
      id: z.string().optional(),
      /** Global shadow mode: decide and record, act on nothing. */
      dryRun: z.boolean().default(false),
      defaultPollIntervalSec: duration.default(60),
      leaseSeconds: duration.default(60),
      /** Tick of the scheduler (node-cron expression, seconds field allowed). */
      tickCron: z.string().default('*/5 * * * * *'),
      /**
       * Attempts of a platform action that fails with an unrecognised error before it is given up and
       * sent to review. Transient failures (timeouts, network, 5xx, rate limits) never give up.
       */
      maxActionAttempts: duration.default(8),
      /** A platform action not done this many minutes after it was queued goes to review and alerts the admins once; it keeps being retried. */
      actionDeadlineMinutes: duration.default(15),
      /** Longest wait between retries after a transient platform failure, of an action or of an account's poll (capped exponential backoff). */
      actionRetryCapSec: duration.default(60),
      youtubeDailyQuota: duration.default(10_000),
      /** Share of the YouTube quota polling may use; the rest is kept for moderation actions. */
      youtubePollQuotaShare: z.number().min(0.05).max(1).default(0.6),
      /** Timeout of every platform API request (all four SDKs); a timed-out request is retried. */
      requestTimeoutMs: duration.default(15_000),
      /** Accounts one worker polls at the same time; a slow account holds only its own slot. */
      maxConcurrentPolls: z.number().int().min(1).max(500).default(8),
    })
    .prefault({}),
  platforms: z
    .strictObject({
      graphUrl: z.string().url().optional(),
      xApiUrl: z.string().url().optional(),
      youtubeRootUrl: z.string().url().optional(),
      /** Token endpoints, for a test or a proxy (defaults: oauth2.googleapis.com, graph.instagram.com). */
      googleTokenUrl: z.string().url().optional(),
      instagramGraphUrl: z.string().url().optional(),
      /** Authorisation pages for `accounts connect` (defaults: accounts.google.com, x.com). */
      googleAuthorizeUrl: z.string().url().optional(),
      xAuthorizeUrl: z.string().url().optional(),
    })
    .prefault({}),
  routing: z
    .strictObject({
      file: z.string().default('./rules/routing.yaml'),
      /**
       * Below this confidence a ticket goes to kurumsal-iletisim for triage. Chosen by
       * `bekci classifier cv --judgment` on the training data: 0.25 is the highest threshold within
       * 0.1 point of the best routing accuracy (0.35 was 0.6 point lower).
       */
      minConfidence: z.number().min(0).max(1).default(ROUTING_MIN_CONFIDENCE),
      /** The same author on the same topic within this window joins the open ticket. */
      repeatWindowHours: duration.default(72),
      defaultSlaHours: duration.default(16),
      /** Warn this many business hours before an SLA is breached. */
      warnBeforeHours: duration.default(4),
      digestCron: z.string().default('0 8 * * 1-5'),
      businessHours: z.strictObject({ start: z.number().int().min(0).max(23).default(8), end: z.number().int().min(1).max(24).default(17) }).prefault({}),
    })
    .prefault({}),
  mail: z
    .strictObject({
      from: z.string().default('Kurumsal İletişim <iletisim@universite.edu.tr>'),
      smtp: smtpSchema.prefault({}),
      /** Messages per second sent through SMTP. */
      ratePerSecond: z.number().positive().default(10),
      /**
       * Concurrent SMTP sends. Each lane can leave one message accepted by the server but not yet
       * recorded when the process is killed (the one way a recipient gets a mail twice), so the default
       * of one lane keeps that to one mail per kill; more lanes trade that bound for throughput.
       */
      poolSize: z.number().int().min(1).max(20).default(1),
      maxAttempts: duration.default(6),
      /** Top management: receives escalations when an SLA is breached. */
      managementEmail: z.string().email().optional(),
      /** Administrators: told when an account needs re-authorisation. */
      adminEmails: z.array(z.string().email()).default([]),
      /** Domain of the Message-IDs bekci makes (default: the domain of `mail.from`). */
      messageIdDomain: z.string().min(3).optional(),
      /** Web console address: ticket mails link to `<consoleUrl>/tickets/<number>`. */
      consoleUrl: z.string().url().optional(),
      /** Ready documents attached to announcements. */
      attachments: z
        .strictObject({
          maxBytes: duration.default(10 * 1024 * 1024),
          maxTotalBytes: duration.default(20 * 1024 * 1024),
          maxCount: z.number().int().min(1).max(20).default(5),
          /** Allowed types by extension; the content must match (checked by its bytes). */
          types: z.array(z.enum(['pdf', 'docx', 'png', 'jpg', 'gif', 'webp'])).default(['pdf', 'docx', 'png', 'jpg']),
        })
        .prefault({}),
      /** DKIM signing: the private key comes from BEKCI_DKIM_KEY (PEM) or BEKCI_DKIM_KEY_FILE. */
      dkim: z
        .strictObject({
          domain: z.string().min(3).optional(),
          selector: z.string().min(1).default('bekci'),
        })
        .prefault({}),
      /**
       * Groups whose announcements carry List-Unsubscribe (+ RFC 8058 one-click): group names or the
       * kinds academic | administrative | students | list. Needs `unsubscribeUrl`.
       */
      unsubscribeGroups: z.array(z.string().min(1)).default(['students']),
      /** HTTPS address of the unsubscribe endpoint; the token is appended as `?t=…`. */
      unsubscribeUrl: z.string().url().optional(),
      /** The institution's mailbox read over IMAP (server and login in BEKCI_IMAP_URL). */
      inbox: z
        .strictObject({
          /** The mailbox's address; ticket mails reply to `local+t<token>@domain`. */
          address: z.string().email().optional(),
          mailbox: z.string().default('INBOX'),
          /** Messages left for a person are moved here (created when missing). */
          needsPersonMailbox: z.string().default('bekci-insan'),
          /** How often the worker reads the mailbox. */
          intervalSec: duration.default(60),
        })
        .prefault({}),
    })
    .prefault({}),
  web: z
    .strictObject({
      /** The console binds here; 127.0.0.1 unless the installation says otherwise. */
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /**
       * Behind the university's reverse proxy: true, a hop count, or the proxy's addresses (comma
       * separated). Needed for the client address (login throttling) and HTTPS detection.
       */
      trustProxy: z.union([z.boolean(), z.number().int().min(1), z.string().min(1)]).default(false),
      /** `auto`: Secure cookies whenever the request came over HTTPS (directly or via a trusted proxy). */
      secureCookies: z.union([z.literal('auto'), z.boolean()]).default('auto'),
      sessionHours: duration.default(12),
      /** Failed sign-ins in a row before the account is locked for lockMinutes. */
      maxFailedLogins: duration.default(5),
      lockMinutes: duration.default(15),
      inviteHours: duration.default(72),
      /** Largest accepted upload (mail documents, recipient CSV), in kilobytes. */
      maxUploadKb: duration.default(1024),
      /**
       * Roles whose members must use a TOTP second factor. The default until an admin changes it in the
       * console (Kullanıcılar page); the console's setting, once saved, is the one in force. The names
       * are those of src/access/roles.ts (config sits below access in the layers).
       */
      totpRequiredRoles: z.array(z.enum(['admin', 'comms', 'approver', 'representative', 'staff', 'management'])).default([]),
    })
    .prefault({}),
  /**
   * Console sign-in against LDAP / Active Directory. People still need a bekci user (role, unit):
   * LDAP only proves the password. The service account's password comes from BEKCI_LDAP_BIND_PASSWORD.
   */
  ldap: z
    .strictObject({
      enabled: z.boolean().default(false),
      url: z
        .string()
        .regex(/^ldaps?:\/\//, 'ldap://… ya da ldaps://… olmalı')
        .default('ldap://127.0.0.1:389'),
      /** Service account used to find the user's entry; anonymous search when absent. */
      bindDn: z.string().optional(),
      baseDn: z.string().min(1).default('dc=universite,dc=edu,dc=tr'),
      /** `{username}` is replaced by the escaped user name; Active Directory: (sAMAccountName={username}). */
      userFilter: z.string().includes('{username}').default('(uid={username})'),
      startTls: z.boolean().default(false),
      rejectUnauthorized: z.boolean().default(true),
      timeoutMs: duration.default(5000),
    })
    .prefault({}),
  /** `/healthz` and `/readyz` for `bekci start` (the console serves its own). Off unless a port is set. */
  health: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).optional(),
    })
    .prefault({}),
  /** Academic units with their own accounts (directorates come from rules/routing.yaml). */
  units: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]+$/, 'küçük harf, rakam ve tire olmalı'),
        name: z.string().min(1),
        email: z.string().email().optional(),
        kind: z.enum(['academic', 'management', 'directorate']).default('academic'),
      }),
    )
    .default([]),
});

export type FileConfig = z.infer<typeof configSchema>;
