/**
 * `followups [--due]` lists scheduled follow-ups; `followups done ID` and `followups cancel ID`
 * end one. The functions are exported for the demo.
 */
import type { Command } from 'commander';

import type { Actor } from '../../domain/actor.ts';
import { describeActor } from '../../domain/actor.ts';
import type { FollowUp } from '../../domain/follow-ups.ts';
import type { Services } from '../../domain/services.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { colors, dim, print, printJson, table } from '../output.ts';

/** Scheduled follow-ups, soonest first; with `due`, only those due now (dueAt <= the clock). */
export function listFollowUps(services: Services, options: { due?: boolean } = {}): FollowUp[] {
  return services.followUps.scheduled(options);
}

export function completeFollowUp(services: Services, actor: Actor, id: string): FollowUp {
  return services.followUps.complete(id, actor);
}

export function cancelFollowUp(services: Services, actor: Actor, id: string): FollowUp {
  return services.followUps.cancel(id, actor);
}

export function renderFollowUps(followUps: FollowUp[], now: number, due: boolean): string {
  if (followUps.length === 0) {
    return due ? 'No follow-up is due.' : 'No follow-up is scheduled.';
  }
  return [
    `${colors.bold(String(followUps.length))} ${due ? 'due' : 'scheduled'}:`,
    table(
      ['id', 'due', 'on', 'note', 'scheduled by'],
      followUps.map((f) => [
        f.id,
        Date.parse(f.dueAt) <= now ? colors.yellow(`${f.dueAt} (due)`) : f.dueAt,
        f.introId ?? f.requestId,
        f.note && f.note.length > 80 ? `${f.note.slice(0, 79)}…` : f.note,
        describeActor(f.createdBy),
      ]),
    ),
    dim("End one with 'agentintros followups done ID' or 'agentintros followups cancel ID'."),
  ].join('\n');
}

export function register(program: Command): void {
  const followups = program
    .command('followups')
    .description('scheduled follow-ups, soonest first; "followups done ID" marks one done')
    .option('--due', 'only those that are due now')
    .action(async (options: { due?: boolean }, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const due = options.due === true;
      const { list, now } = await context.withServices((services) => ({
        list: listFollowUps(services, { due }),
        now: services.clock.now(),
      }));
      if (context.json) printJson({ followUps: list });
      else print(renderFollowUps(list, now, due));
    });

  followups
    .command('done')
    .description('mark a follow-up done')
    .argument('<id>', 'the follow-up (fu_...)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const followUp = await context.withServices((services) =>
        completeFollowUp(services, context.actor, id),
      );
      if (context.json) printJson(followUp);
      else print(`${colors.green('Done')}: ${followUp.id} is now ${followUp.status}.`);
    });

  followups
    .command('cancel')
    .description('cancel a scheduled follow-up')
    .argument('<id>', 'the follow-up (fu_...)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const followUp = await context.withServices((services) =>
        cancelFollowUp(services, context.actor, id),
      );
      if (context.json) printJson(followUp);
      else print(`Cancelled ${followUp.id}: now ${followUp.status}.`);
    });
}
