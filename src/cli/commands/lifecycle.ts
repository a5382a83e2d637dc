/**
 * The intro lifecycle after approval: `opt-in`, `decline`, `introduced`, `withdraw` and `close`.
 * Each verb is one exported function over (services, actor, id, ...) that the demo calls too.
 */
import { type Command, Option } from 'commander';

import type { Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { kindOfId } from '../../domain/ids.ts';
import type { IntroRequest } from '../../domain/intro-requests.ts';
import { type Intro, missingOptIns, type Party } from '../../domain/intros.ts';
import type { Services } from '../../domain/services.ts';
import { type CommandContext, commandContext, type GlobalOptions } from '../context.ts';
import { colors, print, printJson } from '../output.ts';

export type { Party };

function introId(id: string, verb: string): string {
  if (kindOfId(id) === 'intro') return id;
  throw new AppError(
    'NOT_FOUND',
    `'${id}' is not an intro id (in_...); '${verb}' applies to intros. Run 'agentintros inbox' ` +
      "or 'agentintros audit' to find one.",
  );
}

export function recordOptIn(services: Services, actor: Actor, id: string, party: Party): Intro {
  return services.intros.recordOptIn(introId(id, 'opt-in'), party, actor);
}

export function declineIntro(
  services: Services,
  actor: Actor,
  id: string,
  party: Party,
  reason?: string,
): Intro {
  return services.intros.decline(introId(id, 'decline'), party, actor, reason);
}

export function markIntroduced(services: Services, actor: Actor, id: string): Intro {
  return services.intros.markIntroduced(introId(id, 'introduced'), actor);
}

/** Withdraws an intro (from any open status) or an approved intro request. */
export function withdraw(
  services: Services,
  actor: Actor,
  id: string,
  reason?: string,
): Intro | IntroRequest {
  if (kindOfId(id) === 'introRequest') {
    return services.introRequests.transition(id, 'withdrawn', actor, reason);
  }
  return services.intros.withdraw(introId(id, 'withdraw'), actor, reason);
}

/** Closes an introduced intro, or an approved intro request. */
export function close(services: Services, actor: Actor, id: string): Intro | IntroRequest {
  if (kindOfId(id) === 'introRequest') {
    return services.introRequests.transition(id, 'closed', actor);
  }
  return services.intros.close(introId(id, 'close'), actor);
}

function isIntro(entity: Intro | IntroRequest): entity is Intro {
  return 'optIns' in entity;
}

function report(context: CommandContext, entity: Intro | IntroRequest, done: string): void {
  if (context.json) {
    printJson(entity);
    return;
  }
  let line = `${done} ${entity.id}: now ${colors.bold(entity.status)}.`;
  if (isIntro(entity) && (entity.status === 'approved' || entity.status === 'awaiting_opt_in')) {
    line += ` Still waiting for: ${missingOptIns(entity.optIns).join(', ')}.`;
  }
  print(line);
}

const partyOption = (what: string) =>
  new Option('--party <party>', what).choices(['target', 'connector']).makeOptionMandatory();

export function register(program: Command): void {
  program
    .command('opt-in')
    .description("record that a party agreed to an approved intro (the target's or connector's)")
    .argument('<id>', 'the intro (in_...)')
    .addOption(partyOption('who opted in'))
    .action(async (id: string, options: { party: Party }, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const intro = await context.withServices((services) =>
        recordOptIn(services, context.actor, id, options.party),
      );
      report(context, intro, `Recorded the ${options.party}'s opt-in on`);
    });

  program
    .command('decline')
    .description('record that a party said no; the intro ends as declined')
    .argument('<id>', 'the intro (in_...)')
    .addOption(partyOption('who declined'))
    .option('--reason <text>', 'what they said, for the audit trail')
    .action(async (id: string, options: { party: Party; reason?: string }, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const intro = await context.withServices((services) =>
        declineIntro(services, context.actor, id, options.party, options.reason),
      );
      report(context, intro, colors.red('Declined'));
    });

  program
    .command('introduced')
    .description('mark an intro as made; needs every required opt-in first')
    .argument('<id>', 'the intro (in_...)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const intro = await context.withServices((services) =>
        markIntroduced(services, context.actor, id),
      );
      report(context, intro, colors.green('Introduced'));
    });

  program
    .command('withdraw')
    .description('withdraw an open intro, or an approved intro request')
    .argument('<id>', 'the intro (in_...) or intro request (ir_...)')
    .option('--reason <text>', 'why, for the audit trail')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const entity = await context.withServices((services) =>
        withdraw(services, context.actor, id, options.reason),
      );
      report(context, entity, 'Withdrew');
    });

  program
    .command('close')
    .description('close an introduced intro, or an approved intro request')
    .argument('<id>', 'the intro (in_...) or intro request (ir_...)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const entity = await context.withServices((services) => close(services, context.actor, id));
      report(context, entity, 'Closed');
    });
}
