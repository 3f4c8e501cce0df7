import type { Command } from 'commander';
import { addUser, listUsers, ROLE_LABELS, ROLES, type Role } from '../users/users.js';
import { choiceOption } from './args.js';
import type { CliContext } from './context.js';

/** `bekci users add|list`. */
export function registerUserCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('kullanıcılar ve roller');
  users.command('add <name>')
    .description('kullanıcı ekler')
    .addOption(choiceOption('--role <rol>', ROLES.join(' | '), ROLES).makeOptionMandatory())
    .option('--unit <birim>', 'birim (approver, representative ve staff için zorunlu)')
    .option('--email <adres>', 'e-posta adresi')
    .action(async (name: string, o: { role: string; unit?: string; email?: string }) => {
      const { prisma } = await ctx.db();
      const u = await addUser(prisma, ctx.config(), { name, role: o.role, unit: o.unit, email: o.email });
      ctx.out(`Kullanıcı eklendi: ${u.name} (${ROLE_LABELS[u.role as Role]}${u.unitId ? `, ${u.unitId}` : ''})`);
    });
  users.command('list')
    .description('kullanıcıları listeler')
    .option('--json', 'JSON çıktı')
    .action(async (o: { json?: boolean }) => {
      const { prisma } = await ctx.db();
      const list = await listUsers(prisma);
      if (o.json) return ctx.out(JSON.stringify(list.map((u) => ({ name: u.name, role: u.role, unit: u.unitId, email: u.email, disabled: u.disabled }))));
      if (!list.length) return ctx.out('Henüz kullanıcı yok.');
      for (const u of list) ctx.out(`${u.name}\t${u.role}\t${u.unitId ?? '-'}${u.disabled ? '\t(devre dışı)' : ''}`);
    });
}
