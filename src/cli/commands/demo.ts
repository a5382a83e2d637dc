/**
 * `demo`: a scripted session through the SDK's own client against the real server over stdio,
 * on a throwaway store unless --db names one. It reads as a short story: you import a network,
 * an agent drafts, you decide, and the follow-up comes due.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Command } from 'commander';

import { loadConfig } from '../../config.ts';
import { humanActor } from '../../domain/actor.ts';
import { type Clock, frozenClock, toIso } from '../../domain/clock.ts';
import { AppError } from '../../domain/errors.ts';
import { createServices, type Services } from '../../domain/services.ts';
import type { ToolReply } from '../../mcp/client.ts';
import { eventsFor } from '../../store/events.ts';
import { Store } from '../../store/store.ts';
import type { GlobalOptions } from '../context.ts';
import { writeSampleNetwork } from '../demo/sample-network.ts';
import { colors, dim, heading, print, table } from '../output.ts';
import { listContacts } from './contacts.ts';
import { decide } from './decide.ts';
import { entryScript } from './doctor.ts';
import { renderFollowUps } from './followups.ts';
import { listFollowUps } from './followups.ts';
import { inboxItems, renderInbox } from './inbox.ts';
import { markIntroduced, recordOptIn } from './lifecycle.ts';
import { renderEvents } from './show.ts';

const DAY_MS = 86_400_000;

interface DemoMatch {
  contact: { id: string; name: string; title: string | null; company: string | null };
  score: number;
  trustScore: number;
  trust: { tier: string };
  path: { kind: string; connector?: { id: string; name: string } };
  reasons: string[];
}

let stepNumber = 0;
function step(text: string): void {
  stepNumber += 1;
  print();
  print(heading(`${stepNumber}. ${text}`));
}

function expectOk(reply: ToolReply, what: string): Record<string, unknown> {
  if (reply.isError || !reply.structured) {
    throw new AppError('INTERNAL', `The demo's ${what} failed: ${reply.text}`);
  }
  return reply.structured;
}

async function withStore<T>(dbPath: string, clock: Clock, fn: (s: Services) => T | Promise<T>) {
  const config = loadConfig({ db: dbPath });
  const store = Store.open({ path: dbPath, busyTimeoutMs: config.busyTimeoutMs });
  try {
    return await fn(createServices(store, { clock, idempotencyTtlMs: config.idempotencyTtlMs }));
  } finally {
    store.close();
  }
}

function findContact(services: Services, name: string): string {
  const hit = listContacts(services, name, 5).find((item) => item.name === name);
  if (!hit) throw new AppError('INTERNAL', `The demo's sample network has no '${name}'.`);
  return hit.id;
}

export async function runDemo(globals: GlobalOptions): Promise<void> {
  stepNumber = 0;
  const scratch = mkdtempSync(join(tmpdir(), 'agentintros-demo-'));
  const dbPath = globals.db ?? join(scratch, 'demo.db');
  // The whole story runs on one frozen clock, so that "three days later" can be shown.
  const start = loadConfig().frozenAt ?? Date.now();
  const clock = frozenClock(start);
  const you = humanActor();
  const { connectOverStdio } = await import('../../mcp/client.ts');
  const { importFile } = await import('../../imports/import-file.ts');
  try {
    print(heading('AgentIntros demo') + dim(`  (store: ${dbPath})`));
    print('You import your network. An AI agent connects over MCP, as Claude Desktop or Cursor');
    print('would, finds a warm path and drafts an introduction. Nothing happens until you decide.');

    step('You import your network (agentintros import FILE)');
    const files = writeSampleNetwork(join(scratch, 'sample'));
    await withStore(dbPath, clock, async (services) => {
      for (const path of files.mine) {
        const report = await importFile(services, path, { actor: you });
        print(
          `   ${report.format.padEnd(8)} ${report.rows} rows: ${report.created} new, ${report.merged} merged`,
        );
      }
      for (const teammate of files.teammates) {
        const report = await importFile(services, teammate.path, {
          actor: you,
          member: teammate.member,
        });
        print(
          `   ${teammate.member}'s ${report.format} export: ${report.rows} rows, ` +
            `${report.created} new, ${report.merged} already yours; reachable through her`,
        );
      }
      // What you remember and LinkedIn does not: who you actually talk to.
      const tomas = findContact(services, 'Tomás Reyes');
      const elena = findContact(services, 'Elena Vasquez');
      services.contacts.addInteraction(
        { contactId: tomas, kind: 'meeting', at: start - 20 * DAY_MS, summary: 'Coffee in Lisbon' },
        you,
      );
      services.contacts.addInteraction(
        { contactId: tomas, kind: 'call', at: start - 75 * DAY_MS, summary: 'Portfolio intro' },
        you,
      );
      services.contacts.addInteraction(
        { contactId: elena, kind: 'email', at: start - 200 * DAY_MS, direction: 'inbound' },
        you,
      );
      print('   You note a coffee and a call with Tomás Reyes, and an e-mail from Elena Vasquez');
      print('   (agentintros interactions add CONTACT_ID --kind meeting --at DATE).');
    });

    step('The agent connects to the real server over stdio');
    const env: Record<string, string> = {
      AGENTINTROS_DB: dbPath,
      AGENTINTROS_NOW: toIso(start),
      PATH: process.env.PATH ?? '',
    };
    const session = await connectOverStdio({
      command: process.execPath,
      args: [entryScript(), 'mcp'],
      env,
      clientName: 'agentintros-demo-agent',
    });
    let requestId: string;
    let introId: string;
    try {
      const tools = await session.listTools();
      print(`   It sees ${tools.length} tools: ${tools.map((t) => t.name).join(', ')}.`);
      print(dim('   None of them can approve, send, opt anyone in or delete anything.'));

      step('It drafts an intro request (draft_intro_request)');
      const args = {
        idempotencyKey: 'demo-seed-round-fintech-0001',
        subject: 'Maya Chen, founder of Tallyfox, raising a seed round',
        target: 'fintech seed investors',
        context: 'Tallyfox automates reconciliation for small finance teams; 40 paying customers.',
      };
      const first = expectOk(await session.call('draft_intro_request', args), 'draft');
      const request = first.introRequest as { id: string; status: string };
      requestId = request.id;
      print(
        `   Stored ${colors.cyan(request.id)} as ${colors.yellow(request.status)}. Nothing was sent.`,
      );

      step('The connection drops; the agent retries with the same idempotency key');
      const retry = expectOk(await session.call('draft_intro_request', args), 'retry');
      const again = retry.introRequest as { id: string };
      const info = retry.idempotency as { replayed: boolean };
      print(
        `   Same id back (${colors.cyan(again.id)}), replayed: ${String(info.replayed)}. ` +
          'No duplicate.',
      );

      step('A confused agent reuses that key for a different intent');
      const reused = await session.call('draft_intro_request', {
        ...args,
        target: 'healthcare investors',
      });
      print(`   Refused: ${colors.red(reused.text.slice(0, 150))}...`);

      step('It asks who could help (list_matches)');
      const matches = expectOk(
        await session.call('list_matches', { requestId, limit: 5 }),
        'list_matches',
      ).matches as DemoMatch[];
      print(
        table(
          ['contact', 'score', 'trust', 'path', 'why'],
          matches.map((m) => [
            `${m.contact.name}\n${m.contact.title ?? ''}, ${m.contact.company ?? ''}`,
            m.score.toFixed(2),
            `${m.trustScore.toFixed(2)} ${m.trust.tier}`,
            m.path.kind === 'direct' ? 'you know them' : `via ${m.path.connector?.name ?? ''}`,
            m.reasons.slice(0, 2).join('\n'),
          ]),
        ),
      );
      const best = matches[0];
      if (!best) throw new AppError('INTERNAL', 'The demo found no match in its sample network.');

      step(`It drafts a double opt-in intro to ${best.contact.name} (draft_intro)`);
      const drafted = expectOk(
        await session.call('draft_intro', {
          idempotencyKey: 'demo-intro-best-match-0001',
          requestId,
          contactId: best.contact.id,
          ...(best.path.connector ? { connectorId: best.path.connector.id } : {}),
          message:
            `Hi ${best.contact.name.split(' ')[0] ?? ''}, Maya Chen runs Tallyfox (reconciliation ` +
            'for small finance teams, 40 paying customers) and is raising a seed round. Would ' +
            'you be open to a short call?',
        }),
        'draft_intro',
      ).intro as { id: string; status: string; optIns: { target: string; connector: string } };
      introId = drafted.id;
      print(
        `   ${colors.cyan(drafted.id)} is ${colors.yellow(drafted.status)}; opt-ins needed: ` +
          `target ${drafted.optIns.target}, connector ${drafted.optIns.connector}.`,
      );

      step('It schedules a follow-up in three days (schedule_follow_up)');
      const dueDate = toIso(start + 3 * DAY_MS).slice(0, 10);
      const followUp = expectOk(
        await session.call('schedule_follow_up', {
          idempotencyKey: 'demo-follow-up-intro-0001',
          introId,
          dueAt: dueDate,
          note: 'Check whether the intro was approved and both sides opted in.',
        }),
        'schedule_follow_up',
      ).followUp as { id: string; dueAt: string };
      print(`   ${colors.cyan(followUp.id)} is due ${followUp.dueAt}.`);
    } finally {
      await session.close();
    }

    step('You open your inbox (agentintros inbox)');
    await withStore(dbPath, clock, (services) => print(renderInbox(inboxItems(services))));

    step('You approve the request and the intro (agentintros approve ID)');
    await withStore(dbPath, clock, (services) => {
      const r = decide(services, you, requestId, 'approved', 'Good fit; go ahead.');
      const i = decide(services, you, introId, 'approved');
      print(`   ${r.id} is ${colors.green(r.status)}; ${i.id} is ${colors.green(i.status)}.`);
    });

    step('Both sides say yes, and you make the introduction');
    await withStore(dbPath, clock, (services) => {
      const intro = services.intros.get(introId);
      let current = intro;
      if (intro.optIns.connector === 'pending') {
        current = recordOptIn(services, you, introId, 'connector');
        print(`   agentintros opt-in ${introId} --party connector  -> ${current.status}`);
      }
      if (intro.optIns.target === 'pending') {
        current = recordOptIn(services, you, introId, 'target');
        print(`   agentintros opt-in ${introId} --party target     -> ${current.status}`);
      }
      current = markIntroduced(services, you, introId);
      print(`   agentintros introduced ${introId}              -> ${colors.green(current.status)}`);
    });

    step('Three days later the follow-up is due (agentintros followups --due)');
    const later = frozenClock(start + 4 * DAY_MS);
    await withStore(dbPath, later, (services) =>
      print(renderFollowUps(listFollowUps(services, { due: true }), later.now(), true)),
    );

    step('The audit trail shows who did what (agentintros audit ID)');
    await withStore(dbPath, clock, ({ store }) =>
      print(renderEvents(eventsFor(store.db, [requestId, introId]))),
    );
    print();
    print(dim('Connect your own client next: agentintros doctor prints its configuration.'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
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
