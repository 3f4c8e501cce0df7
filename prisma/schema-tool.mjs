#!/usr/bin/env node
// Generates prisma/<provider>/schema.prisma from prisma/models.prisma (the single source of truth)
// and, with --new-migration NAME, writes the SQL migration for both providers with Prisma's own
// `migrate diff`, starting from the models as they were at the previous migration
// (prisma/migrations-base.prisma). With --check it writes nothing and exits 1 on any drift.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const providers = ['sqlite', 'postgresql'];
const modelsFile = join(root, 'prisma/models.prisma');
const baseFile = join(root, 'prisma/migrations-base.prisma');
const prismaBin = join(root, 'node_modules/prisma/build/index.js');

function header(provider, forDiff = false) {
  return `// GENERATED from prisma/models.prisma by prisma/schema-tool.mjs. Do not edit.
generator client {
  provider     = "prisma-client"
  output       = "../../src/db/generated/${provider}"
  engineType   = "client"
  moduleFormat = "esm"
  runtime      = "nodejs"
}

datasource db {
  provider = "${provider}"
  url      = ${forDiff ? '"' + (provider === 'sqlite' ? 'file:./unused.db' : 'postgresql://unused') + '"' : 'env("DATABASE_URL")'}
}

`;
}

function schemaFor(provider, models) {
  return header(provider) + models;
}

function diff(provider, fromModels, toModels) {
  const tmp = join(root, 'node_modules/.cache/bekci-schema');
  mkdirSync(tmp, { recursive: true });
  const to = join(tmp, `${provider}-to.prisma`);
  writeFileSync(to, header(provider, true) + toModels);
  const args = [prismaBin, 'migrate', 'diff', '--config', join(root, 'prisma/prisma.config.ts'), '--script', '--to-schema-datamodel', to];
  if (fromModels === null) args.push('--from-empty');
  else {
    const from = join(tmp, `${provider}-from.prisma`);
    writeFileSync(from, header(provider, true) + fromModels);
    args.push('--from-schema-datamodel', from);
  }
  return execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', DATABASE_URL: provider === 'sqlite' ? 'file:./node_modules/.cache/bekci-schema/diff.db' : pgUrl },
  });
}

// The Wasm schema engine opens a connection even for a datamodel-to-datamodel diff.
const pgUrl = process.env.BEKCI_PG_URL ?? 'postgresql://root@127.0.0.1:5432/test';
const isEmptyDiff = (sql) => sql.replace(/--.*$/gm, '').trim() === '';

const args = process.argv.slice(2);
const check = args.includes('--check');
const newIdx = args.indexOf('--new-migration');
// Before the first release the whole history is one migration: --reset-init rewrites it from the models.
if (args.includes('--reset-init')) {
  for (const provider of providers) rmSync(join(root, 'prisma', provider, 'migrations'), { recursive: true, force: true });
  rmSync(baseFile, { force: true });
}
const models = readFileSync(modelsFile, 'utf8');
let drift = [];

for (const provider of providers) {
  const file = join(root, 'prisma', provider, 'schema.prisma');
  const wanted = schemaFor(provider, models);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current !== wanted) {
    if (check) drift.push(`${file} is not generated from prisma/models.prisma (run: npm run db:schema)`);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, wanted);
    }
  }
}

const base = existsSync(baseFile) ? readFileSync(baseFile, 'utf8') : null;
if (newIdx >= 0) {
  const name = args[newIdx + 1];
  const resetInit = args.includes('--reset-init');
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: npm run db:migration -- NAME   (lower-case letters, digits, _)');
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/[-:TZ.]/g, '').slice(0, 14);
  let wrote = false;
  for (const provider of providers) {
    const sql = diff(provider, base, models);
    if (isEmptyDiff(sql)) continue;
    const dir = join(root, 'prisma', provider, 'migrations', resetInit ? '20261122000000_init' : `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'migration.sql'), sql);
    console.log(`wrote ${dir}/migration.sql`);
    wrote = true;
  }
  if (wrote) writeFileSync(baseFile, models);
  else console.log('models unchanged since the last migration: nothing to write');
} else {
  // The committed migrations must bring a database to exactly the current models.
  if (base === null || !isEmptyDiff(diff('sqlite', base, models))) {
    drift.push('prisma/models.prisma changed since the last migration (run: npm run db:migration -- NAME)');
  }
  for (const provider of providers) {
    const dir = join(root, 'prisma', provider, 'migrations');
    const names = existsSync(dir) ? readdirSync(dir).sort() : [];
    const other = join(root, 'prisma', providers.find((p) => p !== provider), 'migrations');
    const otherNames = existsSync(other) ? readdirSync(other).sort() : [];
    if (names.join() !== otherNames.join()) drift.push(`migration folders differ between providers: ${provider} has [${names}]`);
  }
}

if (drift.length) {
  for (const d of drift) console.error(`drift: ${d}`);
  process.exit(1);
}
if (check) console.log('schemas and migrations match prisma/models.prisma');
