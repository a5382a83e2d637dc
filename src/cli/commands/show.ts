/**
 * `show ID`: any entity with its history.
 */
import type { Command } from 'commander';

import { describeActor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { kindOfId } from '../../domain/ids.ts';
import type { Services } from '../../domain/services.ts';
import { type AuditEvent, eventsFor } from '../../store/events.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { dim, heading, print, printJson, table } from '../output.ts';

export function renderEvents(events: AuditEvent[]): string {
  if (events.length === 0) return dim('No events.');
  return table(
    ['when', 'who', 'what', 'status'],
    events.map((event) => [
      event.at,
      describeActor(event.actor),
      event.action,
      event.beforeStatus
        ? `${event.beforeStatus} -> ${event.afterStatus ?? ''}`
        : (event.afterStatus ?? ''),
    ]),
  );
}

function showEntity(services: Services, id: string): { entity: object; events: AuditEvent[] } {
  switch (kindOfId(id)) {
    case 'introRequest':
      return services.store.read(() => ({
        entity: services.introRequests.get(id),
        events: eventsFor(services.store.db, [id], 200),
      }));
    case 'intro':
      return services.store.read(() => ({
        entity: services.intros.get(id),
        events: eventsFor(services.store.db, [id], 200),
      }));
    case 'followUp':
      return services.store.read(() => ({
        entity: services.followUps.get(id),
        events: eventsFor(services.store.db, [id], 200),
      }));
    default:
      throw new AppError(
        'NOT_FOUND',
        id.startsWith('mb_')
          ? `'${id}' is a teammate (member) id; show takes ids that start with ir_, in_, fu_ or ct_. Run 'agentintros contacts' to find people.`
          : `'${id}' is not an id this store knows; ids start with ir_, in_, fu_ or ct_. Run 'agentintros inbox' to list some.`,
      );
  }
}

export function register(program: Command): void {
  program
    .command('show')
    .description('any entity, with its history')
    .argument('<id>', 'an id such as ir_..., in_... or fu_...')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const shown = await context.withServices((services) => showEntity(services, id));
      if (context.json) {
        printJson(shown);
        return;
      }
      const lines = Object.entries(shown.entity).map(([field, value]) => {
        const rendered =
          typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
        return `  ${field.padEnd(14)} ${rendered}`;
      });
      print(heading(id));
      print(lines.join('\n'));
      print();
      print(heading('History'));
      print(renderEvents(shown.events));
    });
}
