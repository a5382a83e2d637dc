/**
 * The agent actor comes from the MCP handshake, which the agent controls: it is shown to the person
 * deciding (inbox, show, audit), so it may not carry terminal control sequences.
 */
import { describe, expect, it } from 'vitest';

import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';
import { draftArgs } from './support.ts';

describe('the agent actor', () => {
  it('is the client name and version, with control characters replaced', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services, {
      name: 'evil\u001b[2J\rApproved by you\u009b31m',
      version: '1.0\u0007\n',
    });
    const reply = await call(client, 'draft_intro_request', draftArgs('actor-name-0001'));
    expect(reply.data.introRequest.createdBy).toEqual({
      kind: 'agent',
      name: 'evil?[2J?Approved by you?31m',
      version: '1.0??',
    });
    const events = services.store.db.prepare('SELECT actor FROM events').all() as {
      actor: string;
    }[];
    expect(events.map((event) => JSON.parse(event.actor).name)).toEqual([
      'evil?[2J?Approved by you?31m',
    ]);
  });

  it('keeps an ordinary name and version as they are, cut to a bounded length', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services, {
      name: `claude-${'x'.repeat(200)}`,
      version: '0.9.1',
    });
    const reply = await call(client, 'draft_intro_request', draftArgs('actor-name-0002'));
    expect(reply.data.introRequest.createdBy.name).toBe(`claude-${'x'.repeat(93)}`);
    expect(reply.data.introRequest.createdBy.version).toBe('0.9.1');
  });
});
