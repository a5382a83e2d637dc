/**
 * `inbox`: everything pending approval, newest first.
 */
import type { Command } from 'commander';

import { describeActor } from '../../domain/actor.ts';
import type { Services } from '../../domain/services.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { colors, dim, print, printJson, table } from '../output.ts';

export interface InboxItem {
  id: string;
  kind: 'intro_request' | 'intro';
  summary: string;
  createdBy: string;
  createdAt: string;
}

export function inboxItems(services: Services): InboxItem[] {
  const pending = [];
  let cursor: string | undefined;
  do {
    const page = services.introRequests.list({
      principal: services.principal,
      status: 'pending_approval',
      limit: 50,
      cursor,
    });
    pending.push(...page.introRequests);
    cursor = page.nextCursor;
  } while (cursor);
  const requests: InboxItem[] = pending.map((request) => ({
    id: request.id,
    kind: 'intro_request',
    summary: `${request.subject} -> ${request.target}`,
    createdBy: describeActor(request.createdBy),
    createdAt: request.createdAt,
  }));
  const intros: InboxItem[] = services.intros.pending().map((intro) => ({
    id: intro.id,
    kind: 'intro',
    summary: `Intro to ${intro.contact.name}${
      intro.path.kind === 'via_connector' ? ` via ${intro.path.connector.name}` : ''
    } for ${intro.requestId}`,
    createdBy: describeActor(intro.createdBy),
    createdAt: intro.createdAt,
  }));
  // Newest first across both kinds; ids of one kind sort by creation time on ties.
  return [...requests, ...intros].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
}

export function renderInbox(items: InboxItem[]): string {
  if (items.length === 0) return 'Nothing is waiting for your approval.';
  return [
    `${colors.bold(String(items.length))} waiting for your approval:`,
    table(
      ['id', 'what', 'drafted by', 'when'],
      items.map((item) => [item.id, item.summary, item.createdBy, item.createdAt]),
    ),
    dim("Decide with 'agentintros approve ID' or 'agentintros reject ID --reason TEXT'."),
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('inbox')
    .description('everything pending approval, newest first')
    .action(async (_options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const items = await context.withServices(inboxItems);
      if (context.json) printJson({ items });
      else print(renderInbox(items));
    });
}
