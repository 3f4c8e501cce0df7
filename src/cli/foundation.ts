import { rotateTotpSecrets } from '../auth/totp.js';
import type { Command } from 'commander';
import { migrate } from '../db/index.js';
import { generateKey, parseKey, Vault } from '../secrets/index.js';
import { audit } from '../audit/audit.js';
import type { CliContext } from './context.js';

/** `bekci config …`, `bekci db …`, `bekci secrets …`: the foundation's commands. */
export function registerFoundationCommands(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('yapılandırma');
  config
    .command('check')
    .description('bekci.yaml ve ortam değişkenlerini doğrular; hiçbir şey başlatmaz')
    .action(() => {
      const c = ctx.config();
      // A master key, when given, must be well formed (the worker refuses a malformed one at start).
      if (c.secrets.secretKey !== undefined) parseKey(c.secrets.secretKey);
      if (c.secrets.secretKeyOld !== undefined) parseKey(c.secrets.secretKeyOld, 'BEKCI_SECRET_KEY_OLD');
      ctx.out(`Yapılandırma geçerli${c.configPath ? `: ${c.configPath}` : ' (dosya yok, varsayılanlar kullanılıyor)'}`);
      ctx.out(`Veritabanı: ${c.dbProvider}`);
    });

  const db = program.command('db').description('veritabanı');
  db.command('migrate')
    .description("bekci ile gelen migration'ları uygular (iki kez çalıştırmak bir şey değiştirmez)")
    .action(async () => {
      const result = await migrate(ctx.config().databaseUrl);
      ctx.out(result.applied.length ? `Uygulandı: ${result.applied.join(', ')}` : `Veritabanı güncel (${result.alreadyApplied} migration zaten uygulanmış).`);
    });

  const secrets = program.command('secrets').description('ana anahtar ve şifreli kimlik bilgileri');
  secrets
    .command('generate')
    .description('yeni bir ana anahtar üretir (BEKCI_SECRET_KEY için)')
    .action(() => ctx.out(generateKey()));
  secrets
    .command('check')
    .description('BEKCI_SECRET_KEY ile kayıtlı kimlik bilgilerinin açılabildiğini doğrular')
    .action(async () => {
      const vault = Vault.fromConfig(ctx.config());
      const { prisma } = await ctx.db();
      await vault.assertMatchesStore(prisma);
      const accounts = await prisma.account.findMany({ select: { id: true, credentials: true } });
      for (const a of accounts) vault.open(a.credentials);
      ctx.out(`Anahtar ${vault.keyId}: ${accounts.length} hesabın kimlik bilgileri açılabiliyor.`);
    });
  secrets
    .command('rotate')
    .description('tüm kimlik bilgilerini BEKCI_SECRET_KEY ile yeniden şifreler (eski anahtar BEKCI_SECRET_KEY_OLD ile verilir)')
    .action(async () => {
      const vault = Vault.fromConfig(ctx.config());
      const { prisma } = await ctx.db();
      const result = await vault.rotate(prisma);
      const totp = await rotateTotpSecrets(prisma, vault);
      await audit(prisma, { actor: 'cli', action: 'secrets.rotate', entityType: 'account', data: { ...result, totp, keyId: vault.keyId } });
      ctx.out(`${result.rotated}/${result.total} hesabın kimlik bilgileri ${vault.keyId} anahtarıyla yeniden şifrelendi.`);
      if (totp) ctx.out(`${totp} kullanıcının iki adımlı doğrulama anahtarı yeniden şifrelendi.`);
    });
}
