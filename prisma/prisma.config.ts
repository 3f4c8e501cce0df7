// Prisma CLI configuration. The Wasm schema engine ("js") is used so that no native engine has to be
// downloaded; the driver adapter is chosen from DATABASE_URL (file:… → SQLite, postgresql://… → PostgreSQL).
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'file:./data/bekci.db';
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: `./${provider}/schema.prisma`,
  migrations: { path: `./${provider}/migrations` },
  async adapter() {
    if (provider === 'postgresql') {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url });
  },
});
