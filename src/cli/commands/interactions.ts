/**
 * `interactions add CONTACT_ID --kind K --at DATE [--direction D] [--member M] [--summary T]`:
 * records a touchpoint, which updates the relationship's trust inputs in the same transaction.
 */
import type { Command } from 'commander';

import { AppError } from '../../domain/errors.ts';
import { DIRECTIONS, INTERACTION_KINDS } from '../../store/relationships.ts';
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

function oneOf<T extends string>(allowed: readonly T[], value: string, field: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new AppError(
    'VALIDATION_ERROR',
    `--${field} '${value.slice(0, 20)}' is not one of ${allowed.join(', ')}; pass one of them.`,
    { field },
  );
}

export function register(program: Command): void {
  const interactions = program
    .command('interactions')
    .description('touchpoints with contacts, which feed the trust score');

  interactions
    .command('add')
    .description('record a meeting, call, e-mail, message or note with a contact')
    .argument('<contactId>', 'the contact id (ct_...)')
    .requiredOption('--kind <kind>', `what it was: ${INTERACTION_KINDS.join(', ')} (required)`)
    .requiredOption('--at <date>', 'when: 2026-11-20 or 2026-11-20T15:30:00Z (required)')
    .option(
      '--direction <direction>',
      `${DIRECTIONS.join(', ')} (default: mutual for a meeting or call, else outbound)`,
    )
    .option('--member <nameOrId>', "whose interaction it is (default: yours, 'me')")
    .option('--summary <text>', 'a line about it, for you')
    .action(
      async (
        contactId: string,
        options: {
          kind: string;
          at: string;
          direction?: string;
          member?: string;
          summary?: string;
        },
        command: Command,
      ) => {
        const context = commandContext(command.optsWithGlobals<GlobalOptions>());
        const kind = oneOf(INTERACTION_KINDS, options.kind, 'kind');
        const direction =
          options.direction === undefined
            ? undefined
            : oneOf(DIRECTIONS, options.direction, 'direction');
        const at = parseInteractionDate(options.at);
        const recorded = await context.withServices((services) => {
          const interaction = services.contacts.addInteraction(
            {
              contactId,
              kind,
              at,
              direction,
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
