/**
 * The CLI: one commander program, one file per command, one top-level catch that maps errors to
 * exit codes (0 ok, 1 user error, 2 usage, 70 internal).
 */
import { Command, CommanderError } from 'commander';

import { isAppError } from '../domain/errors.ts';
import { VERSION } from '../version.ts';
import * as audit from './commands/audit.ts';
import * as contacts from './commands/contacts.ts';
import * as decideCommands from './commands/decide.ts';
import * as demo from './commands/demo.ts';
import * as doctor from './commands/doctor.ts';
import * as followups from './commands/followups.ts';
import * as importCommand from './commands/import.ts';
import * as inbox from './commands/inbox.ts';
import * as interactions from './commands/interactions.ts';
import * as lifecycle from './commands/lifecycle.ts';
import * as mcp from './commands/mcp.ts';
import * as show from './commands/show.ts';
import { printError, terminalSafe } from './output.ts';

export const EXIT = { ok: 0, user: 1, usage: 2, internal: 70 } as const;

const COMMANDS = [
  mcp,
  importCommand,
  contacts,
  interactions,
  inbox,
  show,
  decideCommands,
  lifecycle,
  followups,
  audit,
  doctor,
  demo,
];

export function buildProgram(): Command {
  const program = new Command('agentintros')
    .description('Approval-gated warm introductions for AI agents: an MCP server and your CLI')
    .version(VERSION)
    .option('--db <path>', 'the store file (default: AGENTINTROS_DB, then the OS data folder)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(terminalSafe(text)) });
  for (const command of COMMANDS) command.register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    process.stdout.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
      return EXIT.ok;
    if (error.code === 'commander.help') return EXIT.ok;
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isAppError(error)) {
    printError(`${error.code}: ${error.message}`);
    return EXIT.user;
  }
  printError(
    'INTERNAL: agentintros failed unexpectedly; nothing was changed on purpose. Please report ' +
      'this with the lines below.\n' +
      (error instanceof Error ? (error.stack ?? error.message) : String(error)),
  );
  return EXIT.internal;
}
