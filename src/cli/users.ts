import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createInvite, setPassword } from '../auth/credentials.js';
import { requireCapability } from '../access/authz.js';
import { resetTotp, setTotpRequiredRoles, totpRequiredRoles } from '../auth/totp.js';
import { addUser, findActiveUser, listUsers, ROLE_LABELS, ROLES, UserInputError, type Role } from '../users/users.js';
import { choiceOption } from './args.js';
import { CliError, type CliContext } from './context.js';

/** The password from standard input: the first line, without its line ending. Never from argv. */
function passwordFromStdin(): string {
  let raw: string;
  try {
    raw = readFileSync(0, 'utf8');
  } catch {
    throw new CliError('Parola standart girdiden okunamadı (ör. echo "…" | bekci users passwd AD).');
  }
  const line = raw.split(/\r?\n/)[0] ?? '';
  if (!line) throw new CliError('Standart girdide parola yok.');
  return line;
}

/** `bekci users add|list|passwd|invite|totp-reset`. */
export function registerUserCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('kullanıcılar ve roller');
  users
    .command('add <name>')
    .description('kullanıcı ekler')
    .addOption(choiceOption('--role <rol>', ROLES.join(' | '), ROLES).makeOptionMandatory())
    .option('--unit <birim>', 'birim (approver, representative ve staff için zorunlu)')
    .option('--email <adres>', 'e-posta adresi')
    .option('--password-stdin', 'web konsolu parolasını standart girdiden oku')
    .action(async (name: string, o: { role: string; unit?: string; email?: string; passwordStdin?: boolean }) => {
      const password = o.passwordStdin ? passwordFromStdin() : undefined;
      const { prisma } = await ctx.db();
      const u = await addUser(prisma, ctx.config(), { name, role: o.role, unit: o.unit, email: o.email });
      if (password !== undefined) await setPassword(prisma, u.name, password, 'cli');
      ctx.out(`Kullanıcı eklendi: ${u.name} (${ROLE_LABELS[u.role as Role]}${u.unitId ? `, ${u.unitId}` : ''})${password ? '; parola ayarlandı' : ''}`);
    });
  users
    .command('passwd <name>')
    .description('web konsolu parolasını standart girdiden okuyup ayarlar (oturumları kapatır, kilidi açar)')
    .action(async (name: string) => {
      const password = passwordFromStdin();
      const { prisma } = await ctx.db();
      await setPassword(prisma, name, password, 'cli');
      ctx.out(`Parola değiştirildi: ${name}`);
    });
  users
    .command('invite <name>')
    .description('ilk giriş için tek kullanımlık davet bağlantısı üretir')
    .option('--url <adres>', 'konsolun dışarıdan görünen adresi', '')
    .action(async (name: string, o: { url: string }) => {
      const config = ctx.config();
      const { prisma } = await ctx.db();
      const base = (o.url || `http://${config.web.host}:${config.web.port}`).replace(/\/+$/, '');
      const invite = await createInvite(prisma, name, config.web.inviteHours, 'cli');
      ctx.out(`${base}/davet/${invite.token}`);
      ctx.err(`Bağlantı ${config.web.inviteHours} saat geçerli ve bir kez kullanılabilir.`);
    });
  users
    .command('totp-reset <name>')
    .description('kullanıcının iki adımlı doğrulamasını sıfırlar (kayıp telefon); oturumlarını kapatır')
    .requiredOption('--by <kullanıcı>', 'sıfırlayan yönetici')
    .action(async (name: string, o: { by: string }) => {
      const { prisma } = await ctx.db();
      const actor = await findActiveUser(prisma, o.by);
      if (!actor) throw new UserInputError(`Kullanıcı bulunamadı: ${o.by}`);
      await resetTotp(prisma, actor, name);
      ctx.out(`İki adımlı doğrulama sıfırlandı: ${name}`);
    });
  users
    .command('totp-roles [roles]')
    .description('iki adımlı doğrulamanın zorunlu olduğu roller (virgülle; "-" hiçbiri); rol verilmezse geçerli ayarı yazar')
    .requiredOption('--by <kullanıcı>', 'ayarı değiştiren yönetici')
    .action(async (roles: string | undefined, o: { by: string }) => {
      const { prisma } = await ctx.db();
      const actor = await findActiveUser(prisma, o.by);
      if (!actor) throw new UserInputError(`Kullanıcı bulunamadı: ${o.by}`);
      requireCapability(actor, 'users.manage');
      const list =
        roles === undefined
          ? await totpRequiredRoles(prisma, ctx.config())
          : await setTotpRequiredRoles(
              prisma,
              ctx.config(),
              actor,
              roles === '-'
                ? []
                : roles
                    .split(',')
                    .map((r) => r.trim())
                    .filter(Boolean),
            );
      ctx.out(list.length ? list.join(',') : 'yok');
    });
  users
    .command('list')
    .description('kullanıcıları listeler')
    .option('--json', 'JSON çıktı')
    .action(async (o: { json?: boolean }) => {
      const { prisma } = await ctx.db();
      const list = await listUsers(prisma);
      if (o.json)
        return ctx.out(
          JSON.stringify(
            list.map((u) => ({
              name: u.name,
              role: u.role,
              unit: u.unitId,
              email: u.email,
              disabled: u.disabled,
              password: !!u.passwordHash,
              totp: !!u.totpEnabledAt,
            })),
          ),
        );
      if (!list.length) return ctx.out('Henüz kullanıcı yok.');
      for (const u of list) ctx.out(`${u.name}\t${u.role}\t${u.unitId ?? '-'}${u.disabled ? '\t(devre dışı)' : ''}`);
    });
}
