import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { registerFoundationCommands } from './foundation.js';
import { registerMailCommands } from './mail.js';
import { registerUserCommands } from './users.js';
import { registerWorkerCommands } from './worker.js';
import { registerRulesCommands } from './rules.js';
import { registerClassifierCommands } from './classifier.js';
import { registerTicketCommands } from './tickets.js';
import { registerRoutingCommands } from './routing.js';
import { registerWebCommands } from './web.js';
import { registerChaosCommand } from './chaos.js';

/** The registry of command groups. Each domain registers its own subcommands. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerFoundationCommands(program, ctx);
  registerWorkerCommands(program, ctx);
  registerRulesCommands(program, ctx);
  registerClassifierCommands(program, ctx);
  registerMailCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerTicketCommands(program, ctx);
  registerRoutingCommands(program, ctx);
  registerWebCommands(program, ctx);
  registerChaosCommand(program, ctx);
}
