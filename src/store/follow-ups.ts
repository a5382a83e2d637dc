/**
 * Follow-up rows: the SQL behind the domain's follow-up operations.
 */
import type { Actor } from '../domain/actor.ts';
import { toIso } from '../domain/clock.ts';
import type { FollowUpStatus } from '../domain/status.ts';
import type { Db } from './store.ts';

export interface FollowUp {
  id: string;
  requestId: string;
  introId: string | null;
  dueAt: string;
  note: string | null;
  status: FollowUpStatus;
  createdBy: Actor;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  request_id: string;
  intro_id: string | null;
  due_at: number;
  note: string | null;
  status: FollowUpStatus;
  created_by: string;
  created_at: number;
  updated_at: number;
}

function toFollowUp(row: Row): FollowUp {
  return {
    id: row.id,
    requestId: row.request_id,
    introId: row.intro_id,
    dueAt: toIso(row.due_at),
    note: row.note,
    status: row.status,
    createdBy: JSON.parse(row.created_by) as Actor,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export class FollowUpRows {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  insert(row: {
    id: string;
    requestId: string;
    introId: string | null;
    dueAt: number;
    note: string | null;
    createdBy: Actor;
    now: number;
  }): FollowUp {
    this.#db
      .prepare(
        'INSERT INTO follow_ups (id, request_id, intro_id, due_at, note, status, created_by, ' +
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)",
      )
      .run(
        row.id,
        row.requestId,
        row.introId,
        row.dueAt,
        row.note,
        JSON.stringify(row.createdBy),
        row.now,
        row.now,
      );
    return this.get(row.id)!;
  }

  get(id: string): FollowUp | undefined {
    const row = this.#db.prepare('SELECT * FROM follow_ups WHERE id = ?').get(id) as
      Row | undefined;
    return row && toFollowUp(row);
  }

  /** A request's follow-ups, its intros' included, soonest first. */
  forRequest(requestId: string): FollowUp[] {
    const rows = this.#db
      .prepare('SELECT * FROM follow_ups WHERE request_id = ? ORDER BY due_at, id')
      .all(requestId) as Row[];
    return rows.map(toFollowUp);
  }

  /** Scheduled follow-ups, soonest first; only those due by `dueBy` when it is given. */
  scheduled(dueBy?: number): FollowUp[] {
    const rows = (
      dueBy === undefined
        ? this.#db.prepare(
            "SELECT * FROM follow_ups WHERE status = 'scheduled' ORDER BY due_at, id",
          )
        : this.#db
            .prepare(
              "SELECT * FROM follow_ups WHERE status = 'scheduled' AND due_at <= ? " +
                'ORDER BY due_at, id',
            )
            .bind(dueBy)
    ).all() as Row[];
    return rows.map(toFollowUp);
  }

  setStatus(id: string, status: FollowUpStatus, now: number): void {
    this.#db
      .prepare('UPDATE follow_ups SET status = ?, updated_at = ? WHERE id = ?')
      .run(status, now, id);
  }
}
