import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Where Debian's dovecot-imapd puts the server (`.ci/run` installs it when missing). */
export const DOVECOT = ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A real IMAP server for one test file: dovecot with a generated configuration in a temporary
 * directory, passwd-file authentication, Maildir storage, plain IMAP on a free loopback port. It runs
 * in the foreground as a child process and is stopped by `stop()`.
 */
export class Dovecot {
  private proc: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'bekci-dovecot-'));
  port = 0;

  constructor(private readonly users: Record<string, string>) {}

  url(user: string): string {
    return `imap://${encodeURIComponent(user)}:${encodeURIComponent(this.users[user]!)}@127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!DOVECOT) throw new Error('dovecot yok: apt-get install -y dovecot-imapd');
    this.port = await freePort();
    const me = userInfo();
    for (const d of ['run', 'state', 'home']) mkdirSync(join(this.dir, d), { recursive: true });
    chmodSync(this.dir, 0o755);
    writeFileSync(
      join(this.dir, 'passwd'),
      Object.entries(this.users)
        .map(([u, p]) => `${u}:{PLAIN}${p}::::::`)
        .join('\n') + '\n',
    );
    const internal = me.uid === 0 ? 'dovecot' : me.username;
    // dovecot refuses uid 0 for mail: as root, mail is stored as its own "dovecot" user.
    const mailUser = me.uid === 0 ? 'uid=dovecot gid=dovecot' : `uid=${me.uid} gid=${me.gid}`;
    if (me.uid === 0) execFileSync('chown', ['-R', 'dovecot:dovecot', join(this.dir, 'home')]);
    const conf = `
base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
log_path = ${this.dir}/dovecot.log
info_log_path = ${this.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internal}
default_login_user = ${me.uid === 0 ? 'dovenull' : me.username}
default_internal_group = ${me.uid === 0 ? 'dovecot' : me.username}
mail_location = maildir:${this.dir}/home/%u/Maildir
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${this.dir}/passwd
}
userdb {
  driver = static
  args = ${mailUser} home=${this.dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
}
`;
    writeFileSync(join(this.dir, 'dovecot.conf'), conf);
    this.proc = spawn(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    this.proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const started = Date.now();
    for (;;) {
      if (this.proc.exitCode !== null) throw new Error(`dovecot başlamadı: ${stderr}`);
      const ok = await new Promise<boolean>((resolve) => {
        const s = createServer();
        s.once('error', () => resolve(true)); // port taken: dovecot listens
        s.listen(this.port, '127.0.0.1', () => s.close(() => resolve(false)));
      });
      if (ok) return;
      if (Date.now() - started > 15_000) throw new Error(`dovecot 15 sn içinde dinlemeye başlamadı: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p && p.exitCode === null) {
      const done = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await Promise.race([done, new Promise((r) => setTimeout(r, 5_000))]);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
