import { describe, expect, it } from 'vitest';

import { decide } from '../../src/cli/commands/decide.ts';
import {
  close,
  declineIntro,
  markIntroduced,
  recordOptIn,
  withdraw,
} from '../../src/cli/commands/lifecycle.ts';
import { AppError } from '../../src/domain/errors.ts';
import { type Intro, missingOptIns } from '../../src/domain/intros.ts';
import type { Services } from '../../src/domain/services.ts';
import type { IntroStatus } from '../../src/domain/status.ts';
import { eventsFor } from '../../src/store/events.ts';
import { openTestServices } from '../helpers/store.ts';
import {
  draftIntro,
  draftRequest,
  eventCount,
  PERSON,
  relationshipCounts,
  seedContact,
  seedMember,
} from './seed.ts';

type Verb = 'approve' | 'reject' | 'opt-in' | 'decline' | 'introduced' | 'withdraw' | 'close';
const VERBS: Verb[] = ['approve', 'reject', 'opt-in', 'decline', 'introduced', 'withdraw', 'close'];

/** Runs one CLI verb through the same function the command calls. */
function act(services: Services, verb: Verb, intro: Intro): Intro {
  const party = missingOptIns(intro.optIns)[0] ?? 'target';
  switch (verb) {
    case 'approve':
      return decide(services, PERSON, intro.id, 'approved') as Intro;
    case 'reject':
      return decide(services, PERSON, intro.id, 'rejected', 'not now') as Intro;
    case 'opt-in':
      return recordOptIn(services, PERSON, intro.id, party);
    case 'decline':
      return declineIntro(services, PERSON, intro.id, 'target', 'too busy');
    case 'introduced':
      return markIntroduced(services, PERSON, intro.id);
    case 'withdraw':
      return withdraw(services, PERSON, intro.id) as Intro;
    case 'close':
      return close(services, PERSON, intro.id) as Intro;
  }
}

/**
 * An intro in the given status, on a path through a connector so that "approved" still waits for
 * two opt-ins and "awaiting_opt_in" for one.
 */
function introIn(services: Services, status: IntroStatus): Intro {
  const connector = seedMember(services, `Connector ${Math.random()}`);
  const contactId = seedContact(services, { knownBy: ['mb_me', connector] });
  const request = draftRequest(services);
  decide(services, PERSON, request.id, 'approved');
  let intro = draftIntro(services, { requestId: request.id, contactId, connectorId: connector });
  const path: Record<IntroStatus, Verb[]> = {
    pending_approval: [],
    rejected: ['reject'],
    withdrawn: ['withdraw'],
    declined: ['decline'],
    approved: ['approve'],
    awaiting_opt_in: ['approve', 'opt-in'],
    opted_in: ['approve', 'opt-in', 'opt-in'],
    introduced: ['approve', 'opt-in', 'opt-in', 'introduced'],
    closed: ['approve', 'opt-in', 'opt-in', 'introduced', 'close'],
  };
  for (const verb of path[status]) intro = act(services, verb, intro);
  expect(intro.status).toBe(status);
  return intro;
}

/** SPEC §2's intro machine, as the verb each status allows and where it leads. */
const LEGAL: Record<IntroStatus, Partial<Record<Verb, IntroStatus>>> = {
  pending_approval: {
    approve: 'approved',
    reject: 'rejected',
    decline: 'declined',
    withdraw: 'withdrawn',
  },
  approved: { 'opt-in': 'awaiting_opt_in', decline: 'declined', withdraw: 'withdrawn' },
  awaiting_opt_in: { 'opt-in': 'opted_in', decline: 'declined', withdraw: 'withdrawn' },
  opted_in: { introduced: 'introduced', decline: 'declined', withdraw: 'withdrawn' },
  introduced: { close: 'closed', decline: 'declined', withdraw: 'withdrawn' },
  rejected: {},
  closed: {},
  declined: {},
  withdrawn: {},
};

describe('the intro status machine through the CLI code path', () => {
  for (const [from, legal] of Object.entries(LEGAL) as [
    IntroStatus,
    Partial<Record<Verb, IntroStatus>>,
  ][]) {
    for (const verb of VERBS) {
      const to = legal[verb];
      if (to) {
        it(`${verb} moves an intro from ${from} to ${to} and records the event`, () => {
          const { services } = openTestServices();
          const intro = introIn(services, from);
          const before = eventCount(services);
          const after = act(services, verb, intro);
          expect(after.status).toBe(to);
          expect(eventCount(services)).toBe(before + 1);
          const last = eventsFor(services.store.db, [intro.id]).at(-1)!;
          expect(last).toMatchObject({
            action: `intro.${to}`,
            beforeStatus: from,
            afterStatus: to,
          });
          expect(last.actor).toEqual(PERSON);
        });
      } else {
        it(`refuses ${verb} on a ${from} intro with INVALID_STATE and changes nothing`, () => {
          const { services } = openTestServices();
          const intro = introIn(services, from);
          const before = eventCount(services);
          let error: unknown;
          try {
            act(services, verb, intro);
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('INVALID_STATE');
          expect((error as AppError).message).toContain(from);
          expect(services.intros.get(intro.id).status).toBe(from);
          expect(eventCount(services)).toBe(before);
        });
      }
    }
  }
});

describe('approve on an intro', () => {
  it('is INVALID_STATE while its request is still pending, saying to approve the request first', () => {
    const { services } = openTestServices();
    const request = draftRequest(services);
    const intro = draftIntro(services, { requestId: request.id, contactId: seedContact(services) });
    expect(() => decide(services, PERSON, intro.id, 'approved')).toThrowError(
      expect.objectContaining({
        code: 'INVALID_STATE',
        message: expect.stringContaining(
          `approve the request first ('agentintros approve ${request.id}')`,
        ),
      }),
    );
    expect(services.intros.get(intro.id).status).toBe('pending_approval');
  });

  it('is INVALID_STATE once its request was withdrawn', () => {
    const { services } = openTestServices();
    const request = draftRequest(services);
    const intro = draftIntro(services, { requestId: request.id, contactId: seedContact(services) });
    decide(services, PERSON, request.id, 'approved');
    withdraw(services, PERSON, request.id);
    expect(() => decide(services, PERSON, intro.id, 'approved')).toThrowError(
      expect.objectContaining({
        code: 'INVALID_STATE',
        message: expect.stringContaining('withdrawn'),
      }),
    );
  });

  it('moves an intro nobody must opt into straight on to opted_in, as two events', () => {
    const { services } = openTestServices();
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const contactId = seedContact(services, { optIn: 'ok_direct' });
    const intro = draftIntro(services, { requestId: request.id, contactId });
    expect(intro.optIns).toEqual({ target: 'not_required', connector: 'not_required' });
    const approved = decide(services, PERSON, intro.id, 'approved') as Intro;
    expect(approved.status).toBe('opted_in');
    expect(eventsFor(services.store.db, [intro.id]).map((e) => [e.action, e.afterStatus])).toEqual([
      ['intro.created', 'pending_approval'],
      ['intro.approved', 'approved'],
      ['intro.opted_in', 'opted_in'],
    ]);
  });

  it("requires the target's opt-in when the contact asked to be asked first after the draft", () => {
    const { services } = openTestServices();
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const contactId = seedContact(services, { optIn: 'ok_direct' });
    const intro = draftIntro(services, { requestId: request.id, contactId });
    expect(intro.optIns.target).toBe('not_required');
    services.store.db
      .prepare("UPDATE contacts SET opt_in = 'ask_first' WHERE id = ?")
      .run(contactId);
    const approved = decide(services, PERSON, intro.id, 'approved') as Intro;
    expect(approved).toMatchObject({ status: 'approved', optIns: { target: 'pending' } });
    expect(() => markIntroduced(services, PERSON, intro.id)).toThrowError(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
    expect(recordOptIn(services, PERSON, intro.id, 'target').status).toBe('opted_in');
    expect(eventsFor(services.store.db, [intro.id])[1]!.data).toMatchObject({
      targetOptIn: 'pending',
    });
  });

  it("requires the target's opt-in when the contact asks first only after the approval", () => {
    const { services } = openTestServices();
    const connectorId = seedMember(services);
    const contactId = seedContact(services, { optIn: 'ok_direct', knownBy: [connectorId] });
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const intro = draftIntro(services, { requestId: request.id, contactId, connectorId });
    decide(services, PERSON, intro.id, 'approved');
    services.store.db
      .prepare("UPDATE contacts SET opt_in = 'ask_first' WHERE id = ?")
      .run(contactId);
    expect(recordOptIn(services, PERSON, intro.id, 'connector').status).toBe('awaiting_opt_in');
    expect(() => markIntroduced(services, PERSON, intro.id)).toThrowError(
      expect.objectContaining({
        code: 'INVALID_STATE',
        message: expect.stringContaining('target'),
      }),
    );
    expect(recordOptIn(services, PERSON, intro.id, 'target')).toMatchObject({
      status: 'opted_in',
      optIns: { target: 'opted_in', connector: 'opted_in' },
    });
    expect(markIntroduced(services, PERSON, intro.id).status).toBe('introduced');
  });

  it('refuses a contact marked do-not-introduce after the intro was drafted', () => {
    const { services } = openTestServices();
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const contactId = seedContact(services);
    const intro = draftIntro(services, { requestId: request.id, contactId });
    services.store.db
      .prepare('UPDATE contacts SET do_not_introduce = 1 WHERE id = ?')
      .run(contactId);
    expect(() => decide(services, PERSON, intro.id, 'approved')).toThrowError(
      expect.objectContaining({ code: 'NOT_ALLOWED' }),
    );
  });
});

describe('double opt-in', () => {
  function approvedIntro(services: Services, connector: boolean): Intro {
    const connectorId = connector ? seedMember(services) : undefined;
    const contactId = seedContact(services, { knownBy: connectorId ? [connectorId] : ['mb_me'] });
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const intro = draftIntro(services, {
      requestId: request.id,
      contactId,
      ...(connectorId ? { connectorId } : {}),
    });
    return decide(services, PERSON, intro.id, 'approved') as Intro;
  }

  it('refuses introduced while the target has not opted in, naming the missing opt-in', () => {
    const { services } = openTestServices();
    const intro = approvedIntro(services, false);
    expect(intro.optIns).toEqual({ target: 'pending', connector: 'not_required' });
    expect(() => markIntroduced(services, PERSON, intro.id)).toThrowError(
      expect.objectContaining({
        code: 'INVALID_STATE',
        message: expect.stringMatching(/target \(Ana Ruiz\).*opt-in in_\w+ --party target/),
      }),
    );
    expect(services.intros.get(intro.id).status).toBe('approved');
  });

  it('goes from approved straight to opted_in when the only required party opts in', () => {
    const { services } = openTestServices();
    const intro = approvedIntro(services, false);
    const opted = recordOptIn(services, PERSON, intro.id, 'target');
    expect(opted.status).toBe('opted_in');
    expect(markIntroduced(services, PERSON, intro.id).status).toBe('introduced');
  });

  it('needs both the target and the connector on a connector path, in either order', () => {
    const { services } = openTestServices();
    const intro = approvedIntro(services, true);
    expect(intro.optIns).toEqual({ target: 'pending', connector: 'pending' });

    const half = recordOptIn(services, PERSON, intro.id, 'connector');
    expect(half.status).toBe('awaiting_opt_in');
    expect(() => markIntroduced(services, PERSON, intro.id)).toThrowError(
      expect.objectContaining({
        code: 'INVALID_STATE',
        message: expect.stringContaining('target'),
      }),
    );

    const full = recordOptIn(services, PERSON, intro.id, 'target');
    expect(full).toMatchObject({
      status: 'opted_in',
      optIns: { target: 'opted_in', connector: 'opted_in' },
    });
    expect(markIntroduced(services, PERSON, intro.id).status).toBe('introduced');
  });

  it('refuses an opt-in from a party that is not required, or twice from the same party', () => {
    const { services } = openTestServices();
    const direct = approvedIntro(services, false);
    expect(() => recordOptIn(services, PERSON, direct.id, 'connector')).toThrowError(
      expect.objectContaining({
        code: 'INVALID_STATE',
        message: expect.stringContaining('the path is direct'),
      }),
    );
    const via = approvedIntro(services, true);
    recordOptIn(services, PERSON, via.id, 'target');
    expect(() => recordOptIn(services, PERSON, via.id, 'target')).toThrowError(
      expect.objectContaining({
        code: 'INVALID_STATE',
        message: expect.stringContaining('already opted in'),
      }),
    );
  });

  it('refuses a connector decline on a direct intro', () => {
    const { services } = openTestServices();
    const intro = approvedIntro(services, false);
    expect(() => declineIntro(services, PERSON, intro.id, 'connector')).toThrowError(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
  });

  it('records who declined and why', () => {
    const { services } = openTestServices();
    const intro = approvedIntro(services, true);
    const declined = declineIntro(
      services,
      PERSON,
      intro.id,
      'connector',
      'does not know them well',
    );
    expect(declined).toMatchObject({
      status: 'declined',
      declineReason: 'does not know them well',
      optIns: { target: 'pending', connector: 'declined' },
    });
    expect(eventsFor(services.store.db, [intro.id]).at(-1)!.data).toMatchObject({
      party: 'connector',
      reason: 'does not know them well',
    });
  });
});

describe('an intro whose request was withdrawn or closed', () => {
  for (const end of ['withdraw', 'close'] as const) {
    it(`refuses opt-ins and introduced after the request's ${end}, changing nothing`, () => {
      const { services } = openTestServices();
      const request = draftRequest(services);
      decide(services, PERSON, request.id, 'approved');
      const intro = draftIntro(services, {
        requestId: request.id,
        contactId: seedContact(services),
      });
      decide(services, PERSON, intro.id, 'approved');
      if (end === 'withdraw') withdraw(services, PERSON, request.id);
      else close(services, PERSON, request.id);
      const events = eventCount(services);
      for (const step of [
        () => recordOptIn(services, PERSON, intro.id, 'target'),
        () => markIntroduced(services, PERSON, intro.id),
      ]) {
        expect(step).toThrowError(
          expect.objectContaining({
            code: 'INVALID_STATE',
            message: expect.stringContaining(
              `which is ${end === 'withdraw' ? 'withdrawn' : 'closed'}`,
            ),
          }),
        );
      }
      expect(services.intros.get(intro.id).status).toBe('approved');
      expect(eventCount(services)).toBe(events);
      expect(withdraw(services, PERSON, intro.id).status).toBe('withdrawn');
    });
  }
});

describe('outcomes feed the relationship track record', () => {
  it('counts an introduction made through a connector on the connector -> contact relationship', () => {
    const { services } = openTestServices();
    const connectorId = seedMember(services);
    const contactId = seedContact(services, { knownBy: ['mb_me', connectorId] });
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const intro = draftIntro(services, { requestId: request.id, contactId, connectorId });
    decide(services, PERSON, intro.id, 'approved');
    recordOptIn(services, PERSON, intro.id, 'target');
    recordOptIn(services, PERSON, intro.id, 'connector');
    markIntroduced(services, PERSON, intro.id);
    expect(relationshipCounts(services, connectorId, contactId)).toEqual({ made: 1, declined: 0 });
    expect(relationshipCounts(services, 'mb_me', contactId)).toEqual({ made: 0, declined: 0 });
  });

  it('counts a direct introduction and a decline on the owner -> contact relationship', () => {
    const { services } = openTestServices();
    const contactId = seedContact(services);
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const made = draftIntro(services, { requestId: request.id, contactId });
    decide(services, PERSON, made.id, 'approved');
    recordOptIn(services, PERSON, made.id, 'target');
    markIntroduced(services, PERSON, made.id);
    close(services, PERSON, made.id);
    const refused = draftIntro(services, { requestId: request.id, contactId });
    declineIntro(services, PERSON, refused.id, 'target', 'no');
    expect(relationshipCounts(services, 'mb_me', contactId)).toEqual({ made: 1, declined: 1 });
  });

  it("moves the 'intro track record' factor of the path's trust", () => {
    const { services } = openTestServices();
    const contactId = seedContact(services);
    const request = draftRequest(services);
    decide(services, PERSON, request.id, 'approved');
    const factor = () =>
      services.network.pathTrust(contactId).factors.find((f) => f.name === 'intro track record')!;
    expect(factor().value).toBe(0.5);
    const intro = draftIntro(services, { requestId: request.id, contactId });
    decide(services, PERSON, intro.id, 'approved');
    recordOptIn(services, PERSON, intro.id, 'target');
    markIntroduced(services, PERSON, intro.id);
    expect(factor().value).toBeCloseTo(2 / 3);
    expect(factor().evidence).toContain('1 intro made and 0 declined');
  });

  it('leaves the counters alone when the status change is refused', () => {
    const { services } = openTestServices();
    const contactId = seedContact(services);
    const request = draftRequest(services);
    const intro = draftIntro(services, { requestId: request.id, contactId });
    expect(() => markIntroduced(services, PERSON, intro.id)).toThrow(AppError);
    expect(relationshipCounts(services, 'mb_me', contactId)).toEqual({ made: 0, declined: 0 });
  });
});

describe('the intro request status machine through the CLI code path', () => {
  type RequestVerb = 'approve' | 'reject' | 'withdraw' | 'close';
  const run = (services: Services, verb: RequestVerb, id: string) =>
    verb === 'approve'
      ? decide(services, PERSON, id, 'approved')
      : verb === 'reject'
        ? decide(services, PERSON, id, 'rejected', 'no')
        : verb === 'withdraw'
          ? withdraw(services, PERSON, id)
          : close(services, PERSON, id);
  const reach: Record<string, RequestVerb[]> = {
    pending_approval: [],
    approved: ['approve'],
    rejected: ['reject'],
    closed: ['approve', 'close'],
    withdrawn: ['approve', 'withdraw'],
  };
  const legal: Record<string, Partial<Record<RequestVerb, string>>> = {
    pending_approval: { approve: 'approved', reject: 'rejected' },
    approved: { close: 'closed', withdraw: 'withdrawn' },
    rejected: {},
    closed: {},
    withdrawn: {},
  };
  for (const [from, verbs] of Object.entries(reach)) {
    for (const verb of ['approve', 'reject', 'withdraw', 'close'] as RequestVerb[]) {
      const to = legal[from]![verb];
      it(
        to
          ? `${verb} moves a request from ${from} to ${to}`
          : `refuses ${verb} on a ${from} request`,
        () => {
          const { services } = openTestServices();
          const request = draftRequest(services);
          for (const step of verbs) run(services, step, request.id);
          if (to) {
            expect(run(services, verb, request.id).status).toBe(to);
          } else {
            expect(() => run(services, verb, request.id)).toThrowError(
              expect.objectContaining({
                code: 'INVALID_STATE',
                message: expect.stringContaining(from),
              }),
            );
            expect(services.introRequests.get(request.id).status).toBe(from);
          }
        },
      );
    }
  }
});

describe('lifecycle verbs on the wrong kind of id', () => {
  it('answers NOT_FOUND for an unknown intro and for an id that is not an intro', () => {
    const { services } = openTestServices();
    expect(() => markIntroduced(services, PERSON, 'in_nope')).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining("'in_nope'") }),
    );
    expect(() => recordOptIn(services, PERSON, 'ir_x', 'target')).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('in_...') }),
    );
  });
});
