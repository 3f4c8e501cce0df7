import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on the loopback address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Slapd {
  url: string;
  baseDn: string;
  adminDn: string;
  adminPassword: string;
  stop(): Promise<void>;
}

/**
 * Debian's OpenLDAP server (slapd, installed by .ci/run) with its own configuration and database in a
 * temporary folder, on a free loopback port, loaded with `people` (uid, password, mail).
 */
export async function startSlapd(people: Array<{ uid: string; password: string; mail?: string }>): Promise<Slapd> {
  if (!existsSync('/usr/sbin/slapd')) throw new Error('slapd yok: apt-get install -y slapd (.ci/run kurar)');
  const dir = mkdtempSync(join(tmpdir(), 'bekci-slapd-'));
  mkdirSync(join(dir, 'db'));
  const baseDn = 'dc=universite,dc=edu,dc=tr';
  const adminDn = `cn=admin,${baseDn}`;
  const adminPassword = 'slapd-yonetici-parola';
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'database mdb',
      'maxsize 10485760',
      `suffix "${baseDn}"`,
      `rootdn "${adminDn}"`,
      `rootpw ${adminPassword}`,
      `directory ${join(dir, 'db')}`,
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  const entries = [
    `dn: ${baseDn}\nobjectClass: dcObject\nobjectClass: organization\no: Universite\ndc: universite`,
    `dn: ou=people,${baseDn}\nobjectClass: organizationalUnit\nou: people`,
    ...people.map(
      (p) =>
        `dn: uid=${p.uid},ou=people,${baseDn}\nobjectClass: inetOrgPerson\nuid: ${p.uid}\ncn: ${p.uid}\nsn: ${p.uid}\nmail: ${p.mail ?? `${p.uid}@universite.edu.tr`}\nuserPassword: ${p.password}`,
    ),
  ];
  writeFileSync(join(dir, 'base.ldif'), `${entries.join('\n\n')}\n`);
  await run('/usr/sbin/slapadd', ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'base.ldif')]);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  await run('/usr/sbin/slapd', ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`]);
  const pid = Number(readFileSync(join(dir, 'slapd.pid'), 'utf8').trim());
  return {
    url,
    baseDn,
    adminDn,
    adminPassword,
    stop: async () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += String(d)));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${code}: ${err}`))));
  });
}
