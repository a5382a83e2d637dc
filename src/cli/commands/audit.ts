/**
 * `audit [ID]` lists the trail; `audit verify` walks its hash chain.
 */
import type { Command } from 'commander';

import { AppError } from '../../domain/errors.ts';
import { type EventRow, eventsFor, toAuditEvent, verifyChain } from '../../store/events.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { colors, print, printError, printJson } from '../output.ts';
import { renderEvents } from './show.ts';

export function register(program: Command): void {
  const audit = program
    .command('audit')
    .description('the audit trail (all recent events, or one entity\'s); "audit verify" checks it')
    .argument('[id]', 'only the events of this entity')
    .option('--limit <n>', 'how many recent events', '50')
    .action(async (id: string | undefined, options: { limit: string }, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new AppError(
          'VALIDATION_ERROR',
          `--limit '${options.limit}' must be a whole number of at least 1.`,
        );
      }
      const events = await context.withServices(({ store }) =>
        id
          ? eventsFor(store.db, [id], limit)
          : (
              store.db
                .prepare('SELECT * FROM events ORDER BY seq DESC LIMIT ?')
                .all(limit) as EventRow[]
            )
              .reverse()
              .map(toAuditEvent),
      );
      if (id && events.length === 0) {
        throw new AppError(
          'NOT_FOUND',
          `No events for '${id}': no request, intro, follow-up or contact with that id has any. ` +
            "Run 'agentintros audit' for the latest events and their ids.",
          { id },
        );
      }
      if (context.json) printJson({ events });
      else print(renderEvents(events));
    });

  audit
    .command('verify')
    .description('check that no event was altered or removed')
    .action(async (_options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const report = await context.withServices(({ store }) => verifyChain(store.db));
      if (context.json) printJson(report);
      else if (report.ok)
        print(
          colors.green(`The audit trail is whole: ${report.checked} events, every hash holds.`),
        );
      if (!context.json && !report.guarded) {
        // The chain can still hold, so this warns rather than fails: nothing recorded was lost.
        printError(
          colors.yellow(
            'Warning: the store no longer refuses UPDATE and DELETE on audit events (the triggers ' +
              'events_no_update and events_no_delete are missing); something changed its schema.',
          ),
        );
      }
      if (!report.ok) {
        const where = report.problem!;
        const event = `event #${where.seq}${where.id ? ` (${where.id})` : ''}`;
        const what = {
          missing: `${event} was removed`,
          altered: `${event} was altered (its content no longer matches its hash)`,
          broken_link: `${event} does not link to the event before it: that event or this link was altered`,
        }[where.kind];
        throw new AppError(
          'INVALID_STATE',
          `The audit trail is broken: ${what}. The ${report.checked} events before it hold. ` +
            'Restore the store from a backup taken before that event.',
          { ...where },
        );
      }
    });
}
