import { describe, expect, it } from 'vitest';

import { decide } from '../../src/cli/commands/decide.ts';
import {
  cancelFollowUp,
  completeFollowUp,
  listFollowUps,
} from '../../src/cli/commands/followups.ts';
import { withdraw } from '../../src/cli/commands/lifecycle.ts';
import { parseDueAt } from '../../src/domain/follow-ups.ts';
import { eventsFor } from '../../src/store/events.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';
import { draftIntro, draftRequest, eventCount, PERSON, seedContact } from './seed.ts';

// The test clock stands at 2026-12-03T12:00:00.000Z.
async function setup() {
  const opened = openTestServices();
  const { services } = opened;
  const client = await connectInMemory(services);
  const request = draftRequest(services);
  const intro = draftIntro(services, { requestId: request.id, contactId: seedContact(services) });
  return { ...opened, client, request, intro };
}

describe('schedule_follow_up', () => {
  it('schedules a follow-up on an intro, reading a bare date as 09:00 UTC', async () => {
    const { client, intro } = await setup();
    const reply = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-intro-2026-12-10',
      introId: intro.id,
      dueAt: '2026-12-10',
      note: 'Check whether Ana replied',
    });
    expect(reply.isError).toBe(false);
    expect(reply.data.followUp).toMatchObject({
      requestId: intro.requestId,
      introId: intro.id,
      dueAt: '2026-12-10T09:00:00.000Z',
      note: 'Check whether Ana replied',
      status: 'scheduled',
      createdBy: { kind: 'agent', name: 'test-agent' },
    });
    expect(reply.data.followUp.id).toMatch(/^fu_/);
  });

  it('schedules a follow-up on a request, converting an offset to UTC', async () => {
    const { client, request } = await setup();
    const reply = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-request-0001',
      requestId: request.id,
      dueAt: '2026-12-10T15:30:00+01:00',
    });
    expect(reply.data.followUp).toMatchObject({
      requestId: request.id,
      introId: null,
      dueAt: '2026-12-10T14:30:00.000Z',
      note: null,
    });
  });

  it('replays a retry with the same key and schedules nothing new', async () => {
    const { services, client, intro } = await setup();
    const args = { idempotencyKey: 'fu-intro-2026-12-10', introId: intro.id, dueAt: '2026-12-10' };
    const first = await call(client, 'schedule_follow_up', args);
    const events = eventCount(services);
    const again = await call(client, 'schedule_follow_up', args);
    expect(again.data.followUp).toEqual(first.data.followUp);
    expect(again.data.idempotency.replayed).toBe(true);
    expect(eventCount(services)).toBe(events);
    expect(services.followUps.forRequest(intro.requestId)).toHaveLength(1);
  });

  it('makes a second follow-up for the same intro with another date and a new key', async () => {
    const { services, client, intro } = await setup();
    await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-intro-2026-12-10',
      introId: intro.id,
      dueAt: '2026-12-10',
    });
    const second = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-intro-2026-12-17',
      introId: intro.id,
      dueAt: '2026-12-17',
    });
    expect(second.isError).toBe(false);
    expect(services.followUps.forRequest(intro.requestId).map((f) => f.dueAt)).toEqual([
      '2026-12-10T09:00:00.000Z',
      '2026-12-17T09:00:00.000Z',
    ]);
  });

  it('refuses the same key with another date as IDEMPOTENCY_KEY_REUSED naming dueAt', async () => {
    const { client, intro } = await setup();
    const first = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-intro-2026-12-10',
      introId: intro.id,
      dueAt: '2026-12-10',
    });
    const reused = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-intro-2026-12-10',
      introId: intro.id,
      dueAt: '2026-12-17',
    });
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.text).toContain('differing: dueAt');
    expect(reused.text).toContain(first.data.followUp.id);
  });

  const invalid: [string, string, RegExp][] = [
    ['a word', 'tomorrow', /'tomorrow' is not a valid date; use .*2026-12-10/],
    ['a day that does not exist', '2026-02-30', /'2026-02-30' is not a valid date/],
    ['a date-time without an offset', '2026-12-10T09:00:00', /has no UTC offset; add Z/],
    ['a time that does not exist', '2026-12-10T24:00:00Z', /is not a valid date/],
    ['a past day', '2026-12-02', /'2026-12-02' is in the past .* such as 2026-12-04/],
    ['a past instant', '2026-12-03T11:59:59Z', /is in the past/],
  ];
  for (const [what, dueAt, message] of invalid) {
    it(`refuses ${what} (${dueAt}) with VALIDATION_ERROR and an example`, async () => {
      const { services, client, intro } = await setup();
      const events = eventCount(services);
      const reply = await call(client, 'schedule_follow_up', {
        idempotencyKey: 'fu-invalid-0001',
        introId: intro.id,
        dueAt,
      });
      expect(reply.code).toBe('VALIDATION_ERROR');
      expect(reply.text).toContain('dueAt');
      expect(reply.text).toMatch(message);
      expect(eventCount(services)).toBe(events);
    });
  }

  it('accepts a bare date of today, due at once', async () => {
    const { client, intro } = await setup();
    const reply = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-today-0001',
      introId: intro.id,
      dueAt: '2026-12-03',
    });
    expect(reply.data.followUp.dueAt).toBe('2026-12-03T09:00:00.000Z');
  });

  it('needs exactly one of introId and requestId', async () => {
    const { client, intro, request } = await setup();
    const neither = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-neither-0001',
      dueAt: '2026-12-10',
    });
    expect(neither.code).toBe('VALIDATION_ERROR');
    expect(neither.text).toContain('exactly one of introId or requestId');
    const both = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-both-0001',
      introId: intro.id,
      requestId: request.id,
      dueAt: '2026-12-10',
    });
    expect(both.code).toBe('VALIDATION_ERROR');
    expect(both.text).toContain('both were given');
  });

  it('answers NOT_FOUND for an unknown intro or request, naming where to find valid ids', async () => {
    const { client } = await setup();
    const intro = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-unknown-0001',
      introId: 'in_unknown',
      dueAt: '2026-12-10',
    });
    expect(intro.code).toBe('NOT_FOUND');
    expect(intro.text).toContain('get_intro_request');
    const request = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-unknown-0002',
      requestId: 'ir_unknown',
      dueAt: '2026-12-10',
    });
    expect(request.code).toBe('NOT_FOUND');
    expect(request.text).toContain('list_intro_requests');
  });

  it('refuses a follow-up on a withdrawn intro or request with INVALID_STATE', async () => {
    const { services, client, intro, request } = await setup();
    withdraw(services, PERSON, intro.id);
    const onIntro = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-closed-0001',
      introId: intro.id,
      dueAt: '2026-12-10',
    });
    expect(onIntro.code).toBe('INVALID_STATE');
    decide(services, PERSON, request.id, 'rejected', 'no');
    const onRequest = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'fu-closed-0002',
      requestId: request.id,
      dueAt: '2026-12-10',
    });
    expect(onRequest.code).toBe('INVALID_STATE');
  });
});

describe('followups (the list) and followups --due', () => {
  it('lists scheduled follow-ups soonest first, and only those due with --due', async () => {
    const { services, clock, client, intro } = await setup();
    for (const [key, dueAt] of [
      ['fu-later-00001', '2026-12-20'],
      ['fu-sooner-0001', '2026-12-05T08:00:00Z'],
    ]) {
      await call(client, 'schedule_follow_up', { idempotencyKey: key, introId: intro.id, dueAt });
    }
    expect(listFollowUps(services).map((f) => f.dueAt)).toEqual([
      '2026-12-05T08:00:00.000Z',
      '2026-12-20T09:00:00.000Z',
    ]);
    expect(listFollowUps(services, { due: true })).toEqual([]);
    clock.set('2026-12-05T08:00:00.000Z');
    expect(listFollowUps(services, { due: true }).map((f) => f.dueAt)).toEqual([
      '2026-12-05T08:00:00.000Z',
    ]);
  });
});

describe('the follow-up status machine through the CLI code path', () => {
  async function scheduled() {
    const opened = await setup();
    const reply = await call(opened.client, 'schedule_follow_up', {
      idempotencyKey: 'fu-machine-0001',
      introId: opened.intro.id,
      dueAt: '2026-12-10',
    });
    return { ...opened, id: reply.data.followUp.id as string };
  }

  it('done moves a scheduled follow-up to done, off the list, with an event', async () => {
    const { services, id } = await scheduled();
    expect(completeFollowUp(services, PERSON, id).status).toBe('done');
    expect(listFollowUps(services)).toEqual([]);
    expect(eventsFor(services.store.db, [id]).map((e) => e.action)).toEqual([
      'follow_up.scheduled',
      'follow_up.done',
    ]);
  });

  it('cancel moves a scheduled follow-up to cancelled', async () => {
    const { services, id } = await scheduled();
    expect(cancelFollowUp(services, PERSON, id).status).toBe('cancelled');
  });

  for (const [first, second] of [
    ['done', 'done'],
    ['done', 'cancel'],
    ['cancel', 'done'],
    ['cancel', 'cancel'],
  ] as const) {
    it(`refuses ${second} after ${first} with INVALID_STATE, changing nothing`, async () => {
      const { services, id } = await scheduled();
      const run = (verb: 'done' | 'cancel') =>
        verb === 'done'
          ? completeFollowUp(services, PERSON, id)
          : cancelFollowUp(services, PERSON, id);
      const status = run(first).status;
      const events = eventCount(services);
      expect(() => run(second)).toThrowError(
        expect.objectContaining({
          code: 'INVALID_STATE',
          message: expect.stringContaining(`is ${status}`),
        }),
      );
      expect(services.followUps.get(id).status).toBe(status);
      expect(eventCount(services)).toBe(events);
    });
  }

  it('answers NOT_FOUND for an unknown follow-up', () => {
    const { services } = openTestServices();
    expect(() => completeFollowUp(services, PERSON, 'fu_nope')).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining("'fu_nope'") }),
    );
  });
});

describe('parseDueAt', () => {
  it('reads the accepted forms and nothing else', () => {
    expect(parseDueAt('2028-02-29')).toMatchObject({ at: Date.parse('2028-02-29T09:00:00Z') });
    expect(parseDueAt('2026-12-10T09:00Z')?.at).toBe(Date.parse('2026-12-10T09:00:00Z'));
    expect(parseDueAt('2026-12-10T09:00:00.250-05:00')?.at).toBe(
      Date.parse('2026-12-10T14:00:00.250Z'),
    );
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-12-10 09:00Z',
      '10/12/2026',
      '',
      '2026-12-10T09:00:00+25:00',
    ]) {
      expect(parseDueAt(bad), bad).toBeUndefined();
    }
  });
});
