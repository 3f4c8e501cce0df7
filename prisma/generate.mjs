#!/usr/bin/env node
// Generates the Prisma client for both providers into src/db/generated/<provider>, skipping the work
// when the schema has not changed since the last run. Runs at install (npm ci) and before the tests.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaBin = join(root, 'node_modules/prisma/build/index.js');
const urls = { sqlite: 'file:./data/bekci.db', postgresql: 'postgresql://localhost/bekci' };

for (const provider of ['sqlite', 'postgresql']) {
  const schema = join(root, 'prisma', provider, 'schema.prisma');
  const out = join(root, 'src/db/generated', provider);
  const stamp = join(out, '.schema-hash');
  const hash = createHash('sha256').update(readFileSync(schema)).update(readFileSync(prismaBin)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
  execFileSync(process.execPath, [prismaBin, 'generate', '--config', join(root, 'prisma/prisma.config.ts'), '--schema', schema], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: urls[provider], PRISMA_HIDE_UPDATE_MESSAGE: '1', PRISMA_SKIP_POSTINSTALL_GENERATE: '1' },
  });
  writeFileSync(stamp, hash);
}
