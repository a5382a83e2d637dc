/**
 * Intro rows: the SQL behind the domain's intro operations, plus the few reads of contacts,
 * members and relationships an intro needs (its party, its path, its outcome counters).
 */
import type { Actor } from '../domain/actor.ts';
import { toIso } from '../domain/clock.ts';
import type { IntroStatus } from '../domain/status.ts';
import type { Db } from './store.ts';

export type OptInState = 'not_required' | 'pending' | 'opted_in' | 'declined';
export type Party = 'target' | 'connector';

/** What tools and the CLI show of an intro: the contact's name and role, never their e-mail. */
export interface Intro {
  id: string;
  requestId: string;
  contact: { id: string; name: string; title: string | null; company: string | null };
  path: { kind: 'direct' } | { kind: 'via_connector'; connector: { id: string; name: string } };
  message: string;
  status: IntroStatus;
  optIns: { target: OptInState; connector: OptInState };
  trustScore: number | null;
  decisionNote: string | null;
  declineReason: string | null;
  createdBy: Actor;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  request_id: string;
  contact_id: string;
  connector_id: string | null;
  message: string;
  status: IntroStatus;
  target_opt_in: OptInState;
  connector_opt_in: OptInState;
  trust_score: number | null;
  decision_note: string | null;
  decline_reason: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  contact_name: string;
  contact_title: string | null;
  contact_company: string | null;
  connector_name: string | null;
}

/** The contact facts that decide whether and how an intro may be drafted. */
export interface IntroParty {
  id: string;
  name: string;
  optIn: 'ask_first' | 'ok_direct';
  doNotIntroduce: boolean;
}

const SELECT =
  'SELECT i.*, c.name AS contact_name, c.title AS contact_title, c.company AS contact_company, ' +
  'm.name AS connector_name FROM intros i JOIN contacts c ON c.id = i.contact_id ' +
  'LEFT JOIN members m ON m.id = i.connector_id';

function toIntro(row: Row): Intro {
  return {
    id: row.id,
    requestId: row.request_id,
    contact: {
      id: row.contact_id,
      name: row.contact_name,
      title: row.contact_title,
      company: row.contact_company,
    },
    path:
      row.connector_id === null
        ? { kind: 'direct' }
        : {
            kind: 'via_connector',
            connector: { id: row.connector_id, name: row.connector_name ?? row.connector_id },
          },
    message: row.message,
    status: row.status,
    optIns: { target: row.target_opt_in, connector: row.connector_opt_in },
    trustScore: row.trust_score,
    decisionNote: row.decision_note,
    declineReason: row.decline_reason,
    createdBy: JSON.parse(row.created_by) as Actor,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export class IntroRows {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  insert(row: {
    id: string;
    requestId: string;
    contactId: string;
    connectorId: string | null;
    message: string;
    targetOptIn: OptInState;
    connectorOptIn: OptInState;
    trustScore: number | null;
    createdBy: Actor;
    now: number;
  }): Intro {
    this.#db
      .prepare(
        'INSERT INTO intros (id, request_id, contact_id, connector_id, message, status, ' +
          'target_opt_in, connector_opt_in, trust_score, created_by, created_at, updated_at) ' +
          "VALUES (?, ?, ?, ?, ?, 'pending_approval', ?, ?, ?, ?, ?, ?)",
      )
      .run(
        row.id,
        row.requestId,
        row.contactId,
        row.connectorId,
        row.message,
        row.targetOptIn,
        row.connectorOptIn,
        row.trustScore,
        JSON.stringify(row.createdBy),
        row.now,
        row.now,
      );
    return this.get(row.id)!;
  }

  get(id: string): Intro | undefined {
    const row = this.#db.prepare(`${SELECT} WHERE i.id = ?`).get(id) as Row | undefined;
    return row && toIntro(row);
  }

  forRequest(requestId: string): Intro[] {
    const rows = this.#db
      .prepare(`${SELECT} WHERE i.request_id = ? ORDER BY i.created_at, i.id`)
      .all(requestId) as Row[];
    return rows.map(toIntro);
  }

  /** Newest first. */
  withStatus(status: IntroStatus): Intro[] {
    const rows = this.#db
      .prepare(`${SELECT} WHERE i.status = ? ORDER BY i.created_at DESC, i.id DESC`)
      .all(status) as Row[];
    return rows.map(toIntro);
  }

  /** A live intro already proposing this contact for this request, if any. */
  liveDuplicate(requestId: string, contactId: string, finals: readonly string[]): string | null {
    const marks = finals.map(() => '?').join(', ');
    const row = this.#db
      .prepare(
        `SELECT id FROM intros WHERE request_id = ? AND contact_id = ? AND status NOT IN (${marks}) LIMIT 1`,
      )
      .get(requestId, contactId, ...finals) as { id: string } | undefined;
    return row?.id ?? null;
  }

  update(
    id: string,
    change: {
      status: IntroStatus;
      now: number;
      targetOptIn?: OptInState;
      connectorOptIn?: OptInState;
      decisionNote?: string | null;
      declineReason?: string | null;
    },
  ): void {
    this.#db
      .prepare(
        'UPDATE intros SET status = @status, target_opt_in = coalesce(@target, target_opt_in), ' +
          'connector_opt_in = coalesce(@connector, connector_opt_in), ' +
          'decision_note = coalesce(@note, decision_note), ' +
          'decline_reason = coalesce(@reason, decline_reason), updated_at = @now WHERE id = @id',
      )
      .run({
        id,
        status: change.status,
        now: change.now,
        target: change.targetOptIn ?? null,
        connector: change.connectorOptIn ?? null,
        note: change.decisionNote ?? null,
        reason: change.declineReason ?? null,
      });
  }

  party(contactId: string): IntroParty | undefined {
    const row = this.#db
      .prepare('SELECT id, name, opt_in, do_not_introduce FROM contacts WHERE id = ?')
      .get(contactId) as
      | { id: string; name: string; opt_in: IntroParty['optIn']; do_not_introduce: number }
      | undefined;
    return (
      row && {
        id: row.id,
        name: row.name,
        optIn: row.opt_in,
        doNotIntroduce: row.do_not_introduce === 1,
      }
    );
  }

  memberName(memberId: string): string | undefined {
    const row = this.#db.prepare('SELECT name FROM members WHERE id = ?').get(memberId) as
      { name: string } | undefined;
    return row?.name;
  }

  hasRelationship(memberId: string, contactId: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM relationships WHERE member_id = ? AND contact_id = ?')
        .get(memberId, contactId) !== undefined
    );
  }

  /** Counts an outcome in the track record of the relationship the intro went through. */
  countOutcome(
    memberId: string,
    contactId: string,
    outcome: 'made' | 'declined',
    now: number,
  ): boolean {
    const column = outcome === 'made' ? 'intros_made' : 'intros_declined';
    const result = this.#db
      .prepare(
        `UPDATE relationships SET ${column} = ${column} + 1, updated_at = ? ` +
          'WHERE member_id = ? AND contact_id = ?',
      )
      .run(now, memberId, contactId);
    return result.changes === 1;
  }
}
