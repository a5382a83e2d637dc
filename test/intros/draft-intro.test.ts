import { describe, expect, it } from 'vitest';

import { decide } from '../../src/cli/commands/decide.ts';
import { withdraw } from '../../src/cli/commands/lifecycle.ts';
import type { Services } from '../../src/domain/services.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';
import { draftRequest, eventCount, PERSON, seedContact, seedMember } from './seed.ts';

const MESSAGE =
  'Ana, meet Maya: she is raising a seed round for Tallyfox and I think you would click.';

async function setup(options: { approve?: boolean } = {}) {
  const { services } = openTestServices();
  const client = await connectInMemory(services);
  const request = draftRequest(services);
  if (options.approve) decide(services, PERSON, request.id, 'approved');
  return { services, client, request };
}

function args(requestId: string, contactId: string, extra: Record<string, unknown> = {}) {
  return { idempotencyKey: `intro-${contactId}`, requestId, contactId, message: MESSAGE, ...extra };
}

describe('draft_intro', () => {
  it('stores a pending intro with the contact, the path and the opt-ins it needs, and no e-mail', async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services, { email: 'ana@northwind.example' });
    const reply = await call(client, 'draft_intro', args(request.id, contactId));
    expect(reply.isError).toBe(false);
    expect(reply.data.intro).toMatchObject({
      requestId: request.id,
      contact: { id: contactId, name: 'Ana Ruiz', title: 'Partner', company: 'Northwind Ventures' },
      path: { kind: 'direct' },
      message: MESSAGE,
      status: 'pending_approval',
      optIns: { target: 'pending', connector: 'not_required' },
      createdBy: { kind: 'agent', name: 'test-agent', version: '1.2.3' },
    });
    expect(reply.data.intro.id).toMatch(/^in_/);
    expect(reply.data.idempotency.replayed).toBe(false);
    expect(reply.text).not.toContain('ana@northwind.example');
  });

  it('needs no target opt-in for a contact who accepts direct intros', async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services, { optIn: 'ok_direct' });
    const reply = await call(client, 'draft_intro', args(request.id, contactId));
    expect(reply.data.intro.optIns).toEqual({ target: 'not_required', connector: 'not_required' });
  });

  it("needs the connector's opt-in on a path through a connector", async () => {
    const { services, client, request } = await setup();
    const connectorId = seedMember(services, 'Priya Raman');
    const contactId = seedContact(services, { knownBy: [connectorId], optIn: 'ok_direct' });
    const reply = await call(client, 'draft_intro', args(request.id, contactId, { connectorId }));
    expect(reply.data.intro).toMatchObject({
      path: { kind: 'via_connector', connector: { id: connectorId, name: 'Priya Raman' } },
      optIns: { target: 'not_required', connector: 'pending' },
    });
  });

  it("records the path's trust score from the network's trust model when drafted", async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services);
    const reply = await call(client, 'draft_intro', args(request.id, contactId));
    const expected = services.network.pathTrust(contactId, { request }).score;
    expect(typeof expected).toBe('number');
    expect(reply.data.intro.trustScore).toBe(expected);
  });

  it('drafts with trustScore null when the trust model cannot score the path', async () => {
    const { services, client, request } = await setup();
    // A teammate with no contact record of their own: the owner -> connector leg has no score.
    const connectorId = seedMember(services, 'Priya Raman');
    const contactId = seedContact(services, { knownBy: [connectorId] });
    const reply = await call(client, 'draft_intro', args(request.id, contactId, { connectorId }));
    expect(reply.isError).toBe(false);
    expect(reply.data.intro.trustScore).toBeNull();
  });

  it('replays the stored result for the same key, even after the request was withdrawn', async () => {
    const { services, client, request } = await setup({ approve: true });
    const contactId = seedContact(services);
    const first = await call(client, 'draft_intro', args(request.id, contactId));
    withdraw(services, PERSON, request.id);
    const events = eventCount(services);
    const again = await call(client, 'draft_intro', args(request.id, contactId));
    expect(again.isError).toBe(false);
    expect(again.data.intro).toEqual(first.data.intro);
    expect(again.data.idempotency.replayed).toBe(true);
    expect(eventCount(services)).toBe(events);
  });

  it('refuses the same key with another message as IDEMPOTENCY_KEY_REUSED', async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services);
    await call(client, 'draft_intro', args(request.id, contactId));
    const reused = await call(
      client,
      'draft_intro',
      args(request.id, contactId, { message: 'Other text' }),
    );
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.text).toContain('message');
  });

  it('refuses a second live intro to the same contact for the same request', async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services);
    const first = await call(client, 'draft_intro', args(request.id, contactId));
    const second = await call(client, 'draft_intro', {
      ...args(request.id, contactId),
      idempotencyKey: 'another-key-0001',
    });
    expect(second.code).toBe('INVALID_STATE');
    expect(second.text).toContain(first.data.intro.id);
  });

  it('refuses a contact marked do-not-introduce with NOT_ALLOWED, storing nothing', async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services, { doNotIntroduce: true });
    const events = eventCount(services);
    const reply = await call(client, 'draft_intro', args(request.id, contactId));
    expect(reply.code).toBe('NOT_ALLOWED');
    expect(reply.text).toContain('do-not-introduce');
    expect(eventCount(services)).toBe(events);
    const count = services.store.db.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as {
      n: number;
    };
    expect(count.n).toBe(0); // the key stays unused, so a corrected retry may succeed
  });

  const refusedStatuses: [string, (services: Services, id: string) => void][] = [
    ['rejected', (services, id) => decide(services, PERSON, id, 'rejected', 'no')],
    [
      'withdrawn',
      (services, id) => {
        decide(services, PERSON, id, 'approved');
        withdraw(services, PERSON, id);
      },
    ],
  ];
  for (const [status, reach] of refusedStatuses) {
    it(`refuses a ${status} request with INVALID_STATE`, async () => {
      const { services, client, request } = await setup();
      reach(services, request.id);
      const reply = await call(client, 'draft_intro', args(request.id, seedContact(services)));
      expect(reply.code).toBe('INVALID_STATE');
      expect(reply.text).toContain(`${request.id} is ${status}`);
      expect(reply.text).toContain('draft_intro_request');
    });
  }

  it('answers NOT_FOUND for unknown ids, naming the tool that lists valid ones', async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services);
    const noRequest = await call(client, 'draft_intro', args('ir_unknown', contactId));
    expect(noRequest.code).toBe('NOT_FOUND');
    expect(noRequest.text).toContain('list_intro_requests');
    const noContact = await call(client, 'draft_intro', args(request.id, 'ct_unknown'));
    expect(noContact.code).toBe('NOT_FOUND');
    expect(noContact.text).toContain('list_matches');
    const noConnector = await call(
      client,
      'draft_intro',
      args(request.id, contactId, { connectorId: 'mb_unknown' }),
    );
    expect(noConnector.code).toBe('NOT_FOUND');
    expect(noConnector.text).toContain('list_matches');
  });

  it('answers NOT_FOUND for the owner as connector and for a connector who does not know the contact', async () => {
    const { services, client, request } = await setup();
    const contactId = seedContact(services);
    const owner = await call(
      client,
      'draft_intro',
      args(request.id, contactId, { connectorId: 'mb_me' }),
    );
    expect(owner.code).toBe('NOT_FOUND');
    expect(owner.text).toContain('omit connectorId');
    const stranger = seedMember(services, 'Sam Stranger');
    const reply = await call(
      client,
      'draft_intro',
      args(request.id, contactId, { connectorId: stranger }),
    );
    expect(reply.code).toBe('NOT_FOUND');
    expect(reply.text).toContain('no relationship');
  });

  it('answers NOT_FOUND for a direct intro to a contact only a teammate knows, naming connectorId', async () => {
    const { services, client, request } = await setup();
    const connectorId = seedMember(services, 'Priya Raman');
    const contactId = seedContact(services, { knownBy: [connectorId], optIn: 'ok_direct' });
    services.store.db
      .prepare("UPDATE contacts SET name = 'zed.teamonly@example.com' WHERE id = ?")
      .run(contactId);
    const direct = await call(client, 'draft_intro', args(request.id, contactId));
    expect(direct.code).toBe('NOT_FOUND');
    // The contact's name is an address here, and agents read no address.
    expect(direct.text).not.toContain('zed.teamonly');
    expect(direct.text).toContain('[e-mail withheld]');
    expect(direct.text).toContain('no direct path');
    expect(direct.text).toContain('connectorId');
    expect(services.intros.forRequest(request.id)).toEqual([]);
    const through = await call(client, 'draft_intro', args(request.id, contactId, { connectorId }));
    expect(through.isError).toBe(false);
  });

  it('names the field when the message is missing', async () => {
    const { services, client, request } = await setup();
    const withoutMessage: Record<string, unknown> = args(request.id, seedContact(services));
    delete withoutMessage.message;
    const reply = await call(client, 'draft_intro', withoutMessage);
    expect(reply.code).toBe('VALIDATION_ERROR');
    expect(reply.text).toContain('message');
  });
});

describe('get_intro_request', () => {
  it('returns the request with its intros, follow-ups and recent events', async () => {
    const { services, client, request } = await setup({ approve: true });
    const contactId = seedContact(services);
    const drafted = await call(client, 'draft_intro', args(request.id, contactId));
    const scheduled = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'follow-up-key-0001',
      introId: drafted.data.intro.id,
      dueAt: '2026-12-10',
      note: 'Ask Ana whether she replied',
    });
    expect(scheduled.isError).toBe(false);
    const reply = await call(client, 'get_intro_request', { requestId: request.id });
    expect(reply.isError).toBe(false);
    expect(reply.data.introRequest.status).toBe('approved');
    expect(reply.data.intros).toEqual([drafted.data.intro]);
    expect(reply.data.followUps).toEqual([scheduled.data.followUp]);
    expect(reply.data.events.map((e: { action: string }) => e.action)).toEqual([
      'intro_request.created',
      'intro_request.approved',
      'intro.created',
      'follow_up.scheduled',
    ]);
  });
});
