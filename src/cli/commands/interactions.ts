/**
 * `interactions add CONTACT_ID --kind K --at DATE [--direction D] [--member M] [--summary T]`:
 * records a touchpoint, which updates the relationship's trust inputs in the same transaction.
 */
import { type Command, Option } from 'commander';

import { AppError } from '../../domain/errors.ts';
import {
  type Direction,
  DIRECTIONS,
  INTERACTION_KINDS,
  type InteractionKind,
} from '../../store/relationships.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { colors, print, printJson } from '../output.ts';

/** A calendar date (UTC midnight) or an ISO 8601 date-time with Z or an offset. */
export function parseInteractionDate(value: string): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(
    value,
  );
  const at = dateOnly ? Date.parse(`${value}T00:00:00Z`) : dateTime ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) {
    throw new AppError(
      'VALIDATION_ERROR',
      `--at '${value.slice(0, 40)}' is not a date; use 2026-11-20 or 2026-11-20T15:30:00Z.`,
      { field: 'at' },
    );
  }
  return at;
}

export function register(program: Command): void {
  const interactions = program
    .command('interactions')
    .description('touchpoints with contacts, which feed the trust score');

  interactions
    .command('add')
    .description('record a meeting, call, e-mail, message or note with a contact')
    .argument('<contactId>', 'the contact id (ct_...)')
    .addOption(
      new Option('--kind <kind>', 'what it was').choices(INTERACTION_KINDS).makeOptionMandatory(),
    )
    .requiredOption('--at <date>', 'when: 2026-11-20 or 2026-11-20T15:30:00Z')
    .addOption(
      new Option(
        '--direction <direction>',
        'who reached out (default: mutual for a meeting or call, else outbound)',
      ).choices(DIRECTIONS),
    )
    .option('--member <nameOrId>', "whose interaction it is (default: yours, 'me')")
    .option('--summary <text>', 'a line about it, for you')
    .action(
      async (
        contactId: string,
        options: {
          kind: InteractionKind;
          at: string;
          direction?: Direction;
          member?: string;
          summary?: string;
        },
        command: Command,
      ) => {
        const context = commandContext(command.optsWithGlobals<GlobalOptions>());
        const at = parseInteractionDate(options.at);
        const recorded = await context.withServices((services) => {
          const interaction = services.contacts.addInteraction(
            {
              contactId,
              kind: options.kind,
              at,
              direction: options.direction,
              member: options.member,
              summary: options.summary,
            },
            context.actor,
          );
          const trust = services.network.relationshipTrust(interaction.memberId, contactId);
          return { interaction, trust: { score: trust.score, tier: trust.tier } };
        });
        if (context.json) {
          printJson(recorded);
          return;
        }
        const { interaction, trust } = recorded;
        print(
          `${colors.green('Recorded')} ${interaction.kind} (${interaction.direction}) with ` +
            `${contactId} on ${interaction.at}; trust now ${trust.score} (${trust.tier}).`,
        );
      },
    );
}
