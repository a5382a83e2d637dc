/**
 * Intro request rows: the SQL behind the domain's intro request operations.
 */
import type { Actor } from '../domain/actor.ts';
import { toIso } from '../domain/clock.ts';
import type { RequestStatus } from '../domain/status.ts';
import { statement } from './statements.ts';
import type { Db } from './store.ts';

export interface IntroRequest {
  id: string;
  subject: string;
  target: string;
  context: string | null;
  approval: 'human_required';
  status: RequestStatus;
  decisionNote: string | null;
  createdBy: Actor;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  principal: string;
  subject: string;
  target: string;
  context: string | null;
  status: RequestStatus;
  decision_note: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

function toIntroRequest(row: Row): IntroRequest {
  return {
    id: row.id,
    subject: row.subject,
    target: row.target,
    context: row.context,
    approval: 'human_required',
    status: row.status,
    decisionNote: row.decision_note,
    createdBy: JSON.parse(row.created_by) as Actor,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export interface RequestPage {
  rows: IntroRequest[];
  last: { createdAt: number; id: string } | undefined;
}

export class IntroRequestRows {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  insert(row: {
    id: string;
    principal: string;
    subject: string;
    target: string;
    context: string | null;
    createdBy: Actor;
    now: number;
  }): IntroRequest {
    statement(
      this.#db,
      'INSERT INTO intro_requests (id, principal, subject, target, context, status, created_by, ' +
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending_approval', ?, ?, ?)",
    ).run(
      row.id,
      row.principal,
      row.subject,
      row.target,
      row.context,
      JSON.stringify(row.createdBy),
      row.now,
      row.now,
    );
    return this.get(row.id)!;
  }

  get(id: string): IntroRequest | undefined {
    const row = statement(this.#db, 'SELECT * FROM intro_requests WHERE id = ?').get(id) as
      Row | undefined;
    return row && toIntroRequest(row);
  }

  setStatus(id: string, status: RequestStatus, note: string | null, now: number): void {
    this.#db
      .prepare(
        'UPDATE intro_requests SET status = ?, decision_note = coalesce(?, decision_note), ' +
          'updated_at = ? WHERE id = ?',
      )
      .run(status, note, now, id);
  }

  /** Newest first, keyset-paged by (created_at, id). */
  list(options: {
    principal: string;
    status?: RequestStatus | undefined;
    limit: number;
    after?: { createdAt: number; id: string } | undefined;
  }): RequestPage {
    const where = ['principal = @principal'];
    const params: Record<string, string | number> = {
      principal: options.principal,
      limit: options.limit,
    };
    if (options.status) {
      where.push('status = @status');
      params.status = options.status;
    }
    if (options.after) {
      where.push('(created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))');
      params.afterAt = options.after.createdAt;
      params.afterId = options.after.id;
    }
    const rows = this.#db
      .prepare(
        `SELECT * FROM intro_requests WHERE ${where.join(' AND ')} ` +
          'ORDER BY created_at DESC, id DESC LIMIT @limit',
      )
      .all(params) as Row[];
    const tail = rows.at(-1);
    return {
      rows: rows.map(toIntroRequest),
      last: tail && { createdAt: tail.created_at, id: tail.id },
    };
  }
}
