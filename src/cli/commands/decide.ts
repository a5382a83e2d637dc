/**
 * `approve` and `reject`: the human decision on a drafted intro request or intro. An intro can only
 * be approved once its request is.
 */
import type { Command } from 'commander';

import type { Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { kindOfId } from '../../domain/ids.ts';
import type { Services } from '../../domain/services.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { commandContext } from '../context.ts';
import { colors, print, printJson } from '../output.ts';

export type Decision = 'approved' | 'rejected';

/** The one code path for a person's decision; the demo calls it too. */
export function decide(
  services: Services,
  actor: Actor,
  id: string,
  decision: Decision,
  note?: string,
): { id: string; status: string } {
  switch (kindOfId(id)) {
    case 'introRequest':
      return services.introRequests.transition(id, decision, actor, note);
    case 'intro':
      return services.intros.decide(id, decision, actor, note);
    default:
      throw new AppError(
        'NOT_FOUND',
        `'${id}' is not an intro request (ir_...) or intro (in_...) id; run 'agentintros inbox' to see what awaits a decision.`,
      );
  }
}

async function run(context: CommandContext, id: string, decision: Decision, note?: string) {
  const updated = await context.withServices((services) =>
    decide(services, context.actor, id, decision, note),
  );
  if (context.json) printJson(updated);
  else
    print(
      `${decision === 'approved' ? colors.green('Approved') : colors.red('Rejected')} ${updated.id}: now ${updated.status}.`,
    );
}

export function register(program: Command): void {
  program
    .command('approve')
    .description('approve a pending intro request or intro')
    .argument('<id>', 'the id to approve (ir_... or in_...)')
    .option('--note <text>', 'why, for the audit trail')
    .action(async (id: string, options: { note?: string }, command: Command) => {
      await run(
        commandContext(command.optsWithGlobals<GlobalOptions>()),
        id,
        'approved',
        options.note,
      );
    });

  program
    .command('reject')
    .description('reject a pending intro request or intro')
    .argument('<id>', 'the id to reject (ir_... or in_...)')
    .requiredOption('--reason <text>', 'why, for the audit trail (required)')
    .action(async (id: string, options: { reason: string }, command: Command) => {
      if (options.reason.trim() === '') {
        throw new AppError(
          'VALIDATION_ERROR',
          `--reason is empty; say in a few words why ${id} is rejected, e.g. --reason "not a fit".`,
        );
      }
      await run(
        commandContext(command.optsWithGlobals<GlobalOptions>()),
        id,
        'rejected',
        options.reason,
      );
    });
}
