/**
 * `demo`: a scripted session through the SDK's own client against the real server over stdio,
 * on a throwaway store unless --db names one. It reads as a short story of the approval flow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Command } from 'commander';

import { AppError } from '../../domain/errors.ts';
import type { ToolReply } from '../../mcp/client.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { colors, dim, heading, print } from '../output.ts';
import { decide } from './decide.ts';
import { entryScript } from './doctor.ts';
import { inboxItems, renderInbox } from './inbox.ts';
import { renderEvents } from './show.ts';

function step(n: number, text: string): void {
  print();
  print(heading(`${n}. ${text}`));
}

function expectOk(reply: ToolReply, what: string): Record<string, unknown> {
  if (reply.isError || !reply.structured) {
    throw new AppError('INTERNAL', `The demo's ${what} failed: ${reply.text}`);
  }
  return reply.structured;
}

export async function runDemo(globals: GlobalOptions): Promise<void> {
  const scratch = globals.db ? undefined : mkdtempSync(join(tmpdir(), 'agentintros-demo-'));
  const dbPath = globals.db ?? join(scratch!, 'demo.db');
  const { connectOverStdio } = await import('../../mcp/client.ts');
  try {
    print(heading('AgentIntros demo') + dim(`  (store: ${dbPath})`));
    print('An AI agent connects over MCP, exactly as Claude Desktop or Cursor would, and drafts');
    print('an intro request. Then you, the person, decide.');

    step(1, 'The agent connects to the real server over stdio');
    const env: Record<string, string> = { AGENTINTROS_DB: dbPath, PATH: process.env.PATH ?? '' };
    if (process.env.AGENTINTROS_NOW) env.AGENTINTROS_NOW = process.env.AGENTINTROS_NOW;
    const session = await connectOverStdio({
      command: process.execPath,
      args: [entryScript(), 'mcp'],
      env,
      clientName: 'agentintros-demo-agent',
    });
    try {
      const tools = await session.listTools();
      print(`   It sees ${tools.length} tools: ${tools.map((t) => t.name).join(', ')}.`);

      step(2, 'It drafts an intro request');
      const args = {
        idempotencyKey: 'demo-seed-round-fintech-0001',
        subject: 'Maya Chen, founder of Tallyfox, raising a seed round',
        target: 'fintech investors who lead seed rounds',
        context: 'Tallyfox automates reconciliation for small finance teams; 40 paying customers.',
      };
      const first = expectOk(await session.call('draft_intro_request', args), 'draft');
      const request = first.introRequest as { id: string; status: string };
      print(
        `   The server stored ${colors.cyan(request.id)} as ${colors.yellow(request.status)}. Nothing was sent.`,
      );

      step(3, 'The connection drops and the agent retries with the same idempotency key');
      const retry = expectOk(await session.call('draft_intro_request', args), 'retry');
      const again = retry.introRequest as { id: string };
      const info = retry.idempotency as { replayed: boolean };
      print(
        `   Same id back (${colors.cyan(again.id)}), replayed: ${String(info.replayed)}. No duplicate was made.`,
      );

      step(4, 'A confused agent reuses that key for a different intent');
      const reused = await session.call('draft_intro_request', {
        ...args,
        target: 'healthcare investors',
      });
      print(
        `   Refused: ${colors.red(reused.text.slice(0, 160))}${reused.text.length > 160 ? '...' : ''}`,
      );
    } finally {
      await session.close();
    }

    const context = commandContext({ db: dbPath });
    step(5, 'You open your inbox (agentintros inbox)');
    const items = await context.withServices(inboxItems);
    print(renderInbox(items));

    const requestId = items[0]?.id;
    if (!requestId) throw new AppError('INTERNAL', 'The demo found nothing in the inbox.');
    step(6, `You approve it (agentintros approve ${requestId})`);
    const approved = await context.withServices((services) =>
      decide(services, context.actor, requestId, 'approved', 'Good fit; go ahead.'),
    );
    print(`   ${colors.green('Approved')}: ${approved.id} is now ${approved.status}.`);

    step(7, 'The audit trail shows who did what');
    const { eventsFor } = await import('../../store/events.ts');
    const events = await context.withServices(({ store }) => eventsFor(store.db, [requestId]));
    print(renderEvents(events));
    print();
    print(dim('Next: connect your own client (agentintros doctor prints the configuration).'));
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('a scripted end-to-end session through a real MCP client over stdio')
    .action(async (_options: unknown, command: Command) => {
      await runDemo(command.optsWithGlobals<GlobalOptions>());
    });
}
