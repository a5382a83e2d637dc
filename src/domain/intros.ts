/**
 * Intros and their double opt-in (SPEC §1, §2): drafted by agents as pending_approval, approved by
 * a person once the request is, then opted into by each required party before anyone may mark
 * them introduced. Every change appends its audit event, and outcome counters move with the status
 * change that causes them, in the same transaction.
 */
import { appendEvent } from '../store/events.ts';
import {
  type Intro,
  type IntroParty,
  IntroRows,
  type OptInState,
  type Party,
} from '../store/intros.ts';
import { OWNER_MEMBER_ID } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';
import { AppError, isAppError, notFound } from './errors.ts';
import { newId } from './ids.ts';
import type { IntroRequest, IntroRequests } from './intro-requests.ts';
import { assertTransition, type IntroStatus, nextSteps } from './status.ts';
import { withholdFor } from './withheld.ts';

export type { Intro, OptInState, Party };

/** The trust score (0-1) of a path, from the network's trust model. */
export type PathTrust = (
  contactId: string,
  connectorId: string | undefined,
  request: IntroRequest,
) => number;

export interface DraftIntroInput {
  requestId: string;
  contactId: string;
  connectorId?: string | undefined;
  message: string;
}

const FINAL: readonly IntroStatus[] = ['rejected', 'closed', 'declined', 'withdrawn'];
const HINT = {
  intro: "call get_intro_request for a request's intros, or run 'agentintros inbox'",
  request: 'call list_intro_requests for valid ids',
  contact: 'call list_matches or search_contacts for valid contact ids',
};

export class Intros {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #requests: IntroRequests;
  readonly #pathTrust: PathTrust | undefined;
  readonly #rows: IntroRows;

  constructor(store: Store, clock: Clock, requests: IntroRequests, pathTrust?: PathTrust) {
    this.#store = store;
    this.#clock = clock;
    this.#requests = requests;
    this.#pathTrust = pathTrust;
    this.#rows = new IntroRows(store.db);
  }

  /**
   * Creates a pending intro. Runs inside the caller's write transaction (the idempotency run), so
   * that a retry of a stored key replays instead of judging the state again.
   */
  draftInTransaction(now: number, actor: Actor, input: DraftIntroInput): Intro {
    const request = this.#requests.get(input.requestId);
    if (request.status !== 'pending_approval' && request.status !== 'approved') {
      throw new AppError(
        'INVALID_STATE',
        `Intro request ${request.id} is ${request.status}, so no intro can be drafted for it; ` +
          'intros are drafted for pending or approved requests. Draft a new request with ' +
          'draft_intro_request if the user still wants this.',
        { id: request.id, status: request.status },
      );
    }
    const party = this.#party(input.contactId);
    assertMayIntroduce(party);
    const connectorId = input.connectorId;
    if (connectorId !== undefined) this.#assertConnector(connectorId, party);
    else this.#assertDirect(party);

    const duplicate = this.#rows.liveDuplicate(request.id, party.id, FINAL);
    if (duplicate) {
      throw new AppError(
        'INVALID_STATE',
        `Intro ${duplicate} already proposes ${shown(party)} (${party.id}) for ${request.id}; read ` +
          'it with get_intro_request instead of drafting another.',
        { id: duplicate },
      );
    }

    const intro = this.#rows.insert({
      id: newId('intro', now),
      requestId: request.id,
      contactId: party.id,
      connectorId: connectorId ?? null,
      message: input.message,
      // The contact's preference decides the target's opt-in; a connector always opts in. Every
      // later step reads it again (#asContactNowWants), so that a change to ask_first is heard.
      targetOptIn: party.optIn === 'ok_direct' ? 'not_required' : 'pending',
      connectorOptIn: connectorId === undefined ? 'not_required' : 'pending',
      trustScore: this.#trustOf(party.id, connectorId, request),
      createdBy: actor,
      now,
    });
    this.#event(now, actor, intro, null, { requestId: request.id });
    return intro;
  }

  get(id: string): Intro {
    const intro = this.#rows.get(id);
    if (!intro) throw notFound('intro', id, HINT.intro);
    return intro;
  }

  find(id: string): Intro | undefined {
    return this.#rows.get(id);
  }

  forRequest(requestId: string): Intro[] {
    return this.#rows.forRequest(requestId);
  }

  /** Intros waiting for a person's decision, newest first. */
  pending(): Intro[] {
    return this.#store.read(() => this.#rows.withStatus('pending_approval'));
  }

  /**
   * A person's decision. Approval needs the request approved first. An intro that needs nobody's
   * opt-in (a direct path to an `ok_direct` contact) moves on to opted_in in the same
   * transaction, recorded as a second event, since there is nothing left to wait for.
   */
  decide(id: string, decision: 'approved' | 'rejected', actor: Actor, note?: string): Intro {
    return this.#write(id, (intro, now) => {
      assertTransition('intro', id, intro.status, decision);
      let optIns = intro.optIns;
      if (decision === 'approved') {
        this.#assertRequestApproved(intro);
        assertMayIntroduce(this.#party(intro.contact.id));
        // Approval writes down what the contact wants now, so the intro's status says it.
        optIns = this.#asContactNowWants(intro).optIns;
      }
      const asksFirstNow = optIns !== intro.optIns;
      this.#rows.update(id, {
        status: decision,
        now,
        decisionNote: note ?? null,
        ...(asksFirstNow ? { targetOptIn: 'pending' } : {}),
      });
      this.#event(now, actor, intro, decision, {
        ...(note ? { note } : {}),
        ...(asksFirstNow ? { targetOptIn: 'pending', reason: 'the contact now asks first' } : {}),
      });
      if (decision === 'approved' && missingOptIns(optIns).length === 0) {
        this.#rows.update(id, { status: 'opted_in', now });
        this.#event(now, actor, { ...intro, status: 'approved' }, 'opted_in', {
          reason: 'no opt-in required',
        });
      }
    });
  }

  /** Records that a required party agreed; the last one moves the intro to opted_in. */
  recordOptIn(id: string, party: Party, actor: Actor): Intro {
    return this.#write(id, (stored, now) => {
      const intro = this.#asContactNowWants(stored);
      const newlyRequired = intro !== stored && intro.status === 'opted_in';
      if (intro.status !== 'approved' && intro.status !== 'awaiting_opt_in' && !newlyRequired) {
        // Only those two lead to opted_in, so this names the status and its real next steps.
        assertTransition('intro', id, intro.status, 'opted_in');
      }
      const state = intro.optIns[party];
      if (state !== 'pending') {
        const required = requiredParties(intro.optIns);
        throw new AppError(
          'INVALID_STATE',
          state === 'opted_in'
            ? `The ${party} of intro ${id} has already opted in; still missing: ` +
                `${describeMissing(intro) || 'nothing'}.`
            : `Intro ${id} needs no ${party} opt-in (${whyNotRequired(party, intro)}); the ` +
                `required opt-ins are: ${required.join(', ') || 'none'}.`,
          { id, status: intro.status, party, optIn: state },
        );
      }
      this.#assertRequestApproved(intro, 'record an opt-in for the intro');
      assertMayIntroduce(this.#party(intro.contact.id));
      const optIns = { ...intro.optIns, [party]: 'opted_in' as const };
      const to: IntroStatus = missingOptIns(optIns).length === 0 ? 'opted_in' : 'awaiting_opt_in';
      this.#rows.update(id, {
        status: to,
        now,
        ...(party === 'target' ? { targetOptIn: 'opted_in' } : { connectorOptIn: 'opted_in' }),
      });
      this.#event(now, actor, intro, to, { party });
    });
  }

  /**
   * A party said no. The target may decline on any path (an `ok_direct` contact can still refuse);
   * the connector only on a path that runs through one. Counts in the path's track record.
   */
  decline(id: string, party: Party, actor: Actor, reason?: string): Intro {
    return this.#write(id, (intro, now) => {
      assertTransition('intro', id, intro.status, 'declined');
      if (party === 'connector' && intro.path.kind === 'direct') {
        throw new AppError(
          'INVALID_STATE',
          `Intro ${id} is direct, so it has no connector to decline; use --party target.`,
          { id, status: intro.status, party },
        );
      }
      this.#rows.update(id, {
        status: 'declined',
        now,
        declineReason: reason ?? null,
        ...(party === 'target' ? { targetOptIn: 'declined' } : { connectorOptIn: 'declined' }),
      });
      const counted = this.#countOutcome(intro, 'declined', now);
      this.#event(now, actor, intro, 'declined', {
        party,
        ...(reason ? { reason } : {}),
        trackRecord: counted,
      });
    });
  }

  /** Marks the introduction made; refused while any required opt-in is missing. */
  markIntroduced(id: string, actor: Actor): Intro {
    return this.#write(id, (stored, now) => {
      const intro = this.#asContactNowWants(stored);
      const open = !FINAL.includes(intro.status) && intro.status !== 'introduced';
      if (open) this.#assertRequestApproved(intro, 'mark the intro introduced');
      const missing = missingOptIns(intro.optIns);
      if (missing.length > 0 && open) {
        const allowed = nextSteps('intro', intro.status);
        throw new AppError(
          'INVALID_STATE',
          `Intro ${id} is ${intro.status}: it cannot be marked introduced until ` +
            `${describeMissing(intro)} ${missing.length === 1 ? 'has' : 'have'} opted in. ` +
            (intro.status === 'pending_approval'
              ? `Approve it first ('agentintros approve ${id}'), then record each opt-in`
              : `Record it with 'agentintros opt-in ${id} --party ${missing[0]!}'`) +
            `; allowed next steps: ${allowed.join(', ')}.`,
          { id, status: intro.status, missing, allowed },
        );
      }
      assertTransition('intro', id, intro.status, 'introduced');
      assertMayIntroduce(this.#party(intro.contact.id));
      this.#rows.update(id, { status: 'introduced', now });
      const counted = this.#countOutcome(intro, 'made', now);
      this.#event(now, actor, intro, 'introduced', { trackRecord: counted });
    });
  }

  withdraw(id: string, actor: Actor, reason?: string): Intro {
    return this.#write(id, (intro, now) => {
      assertTransition('intro', id, intro.status, 'withdrawn');
      this.#rows.update(id, { status: 'withdrawn', now, decisionNote: reason ?? null });
      this.#event(now, actor, intro, 'withdrawn', reason ? { reason } : {});
    });
  }

  close(id: string, actor: Actor): Intro {
    return this.#write(id, (intro, now) => {
      assertTransition('intro', id, intro.status, 'closed');
      this.#rows.update(id, { status: 'closed', now });
      this.#event(now, actor, intro, 'closed', {});
    });
  }

  /**
   * The intro with the target's opt-in required after all when the contact, not asked when it was
   * drafted or approved (ok_direct then), asks to be asked first now: until it is introduced or
   * ended, their current preference holds. A change to ok_direct leaves a required opt-in as it is.
   * The same intro object when nothing changes.
   */
  #asContactNowWants(intro: Intro): Intro {
    if (intro.optIns.target !== 'not_required') return intro;
    if (FINAL.includes(intro.status) || intro.status === 'introduced') return intro;
    if (this.#party(intro.contact.id).optIn !== 'ask_first') return intro;
    return { ...intro, optIns: { ...intro.optIns, target: 'pending' } };
  }

  #write(id: string, change: (intro: Intro, now: number) => void): Intro {
    return this.#store.write(() => {
      const now = this.#clock.now();
      change(this.get(id), now);
      return this.get(id);
    });
  }

  /**
   * The path's trust when drafted, or null when the trust model cannot score this path (say, a
   * connector the owner has no contact record for): the score informs, it does not gate.
   */
  #trustOf(
    contactId: string,
    connectorId: string | undefined,
    request: IntroRequest,
  ): number | null {
    if (!this.#pathTrust) return null;
    try {
      return this.#pathTrust(contactId, connectorId, request);
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  #party(contactId: string): IntroParty {
    const party = this.#rows.party(contactId);
    if (!party) throw notFound('contact', contactId, HINT.contact);
    return party;
  }

  #assertConnector(connectorId: string, party: IntroParty): void {
    if (connectorId === OWNER_MEMBER_ID) {
      throw new AppError(
        'NOT_FOUND',
        `connectorId '${connectorId}' is the store's owner, not a connector; omit connectorId for ` +
          "a direct intro, or pass the member id of a match's path.connector from list_matches.",
        { id: connectorId },
      );
    }
    if (this.#rows.memberName(connectorId) === undefined) {
      throw notFound(
        'connector',
        connectorId,
        "connectorId is a member id (mb_...): use a match's path.connector.id from list_matches, " +
          'or omit it for a direct intro',
      );
    }
    if (!this.#rows.hasRelationship(connectorId, party.id)) {
      throw new AppError(
        'NOT_FOUND',
        `Member ${connectorId} has no relationship with contact ${party.id}, so no path runs ` +
          'through them; call list_matches for the paths that exist.',
        { id: connectorId, contactId: party.id },
      );
    }
  }

  /**
   * A direct intro needs a relationship of the owner's with the contact: otherwise the only people
   * who know them are teammates, and a "direct" path would leave out the connector's opt-in.
   */
  #assertDirect(party: IntroParty): void {
    if (this.#rows.hasRelationship(OWNER_MEMBER_ID, party.id)) return;
    throw new AppError(
      'NOT_FOUND',
      `You have no relationship with contact ${shown(party)} (${party.id}), so no direct path runs ` +
        "to them; pass connectorId: the path.connector.id of this contact's match in " +
        'list_matches. (If the user knows them, they can record it with ' +
        "'agentintros interactions add'.)",
      { id: party.id, field: 'connectorId' },
    );
  }

  /** Approving an intro, recording its opt-ins and marking it made all need its request approved. */
  #assertRequestApproved(intro: Intro, action = 'approve the intro'): void {
    const request = this.#requests.get(intro.requestId);
    if (request.status === 'approved') return;
    const fix =
      request.status === 'pending_approval'
        ? `approve the request first ('agentintros approve ${request.id}'), then this intro`
        : action === 'approve the intro'
          ? 'reject or withdraw this intro instead'
          : `withdraw this intro instead ('agentintros withdraw ${intro.id}')`;
    throw new AppError(
      'INVALID_STATE',
      `Intro ${intro.id} belongs to intro request ${request.id}, which is ${request.status}, so ` +
        `you cannot ${action}; ${fix}.`,
      { id: intro.id, status: intro.status, requestId: request.id, requestStatus: request.status },
    );
  }

  /** The relationship a path runs through: the connector's to the contact, or the owner's. */
  #countOutcome(
    intro: Intro,
    outcome: 'made' | 'declined',
    now: number,
  ): { memberId: string; contactId: string; counted: boolean } {
    const memberId =
      intro.path.kind === 'via_connector' ? intro.path.connector.id : OWNER_MEMBER_ID;
    // A direct intro to a contact the owner has no relationship row with has no record to move.
    const counted = this.#rows.countOutcome(memberId, intro.contact.id, outcome, now);
    return { memberId, contactId: intro.contact.id, counted };
  }

  #event(
    now: number,
    actor: Actor,
    intro: Intro,
    to: IntroStatus | null,
    data: Record<string, unknown>,
  ): void {
    appendEvent(this.#store.db, now, {
      actor,
      action: `intro.${to ?? 'created'}`,
      entityType: 'intro',
      entityId: intro.id,
      before: to === null ? null : intro.status,
      after: to ?? intro.status,
      data: { requestId: intro.requestId, ...data },
    });
  }
}

/** A contact's name in a message an agent may read: an e-mail or a number in it withheld. */
function shown(party: IntroParty): string {
  return withholdFor([])(party.name);
}

function assertMayIntroduce(party: IntroParty): void {
  if (!party.doNotIntroduce) return;
  throw new AppError(
    'NOT_ALLOWED',
    `Contact ${shown(party)} (${party.id}) is marked do-not-introduce; nobody may be introduced to ` +
      'them. Choose another match from list_matches.',
    { id: party.id },
  );
}

export function requiredParties(optIns: Intro['optIns']): Party[] {
  return (['target', 'connector'] as const).filter((party) => optIns[party] !== 'not_required');
}

export function missingOptIns(optIns: Intro['optIns']): Party[] {
  return requiredParties(optIns).filter((party) => optIns[party] !== 'opted_in');
}

function describeMissing(intro: Intro): string {
  return missingOptIns(intro.optIns)
    .map((party) =>
      party === 'target'
        ? `the target (${intro.contact.name})`
        : `the connector (${intro.path.kind === 'via_connector' ? intro.path.connector.name : '?'})`,
    )
    .join(' and ');
}

function whyNotRequired(party: Party, intro: Intro): string {
  if (party === 'connector') return 'the path is direct';
  return `${intro.contact.name} accepts direct intros (ok_direct)`;
}
