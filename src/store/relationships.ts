/**
 * Relationship and interaction rows. Recording an interaction updates the relationship's aggregate
 * columns (the trust inputs) in the same statement sequence, so reads never recount history.
 */
import type { TrustInputs } from '../domain/trust.ts';
import { FREQUENCY_WINDOW_MS } from '../domain/trust.ts';
import { statement } from './statements.ts';
import type { Db } from './store.ts';

export const INTERACTION_KINDS = ['meeting', 'call', 'email', 'message', 'note'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export const DIRECTIONS = ['outbound', 'inbound', 'mutual'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** SPEC §6: a meeting or a call, or anything the contact initiated or shared. */
export function isTwoWay(kind: InteractionKind, direction: Direction): boolean {
  return kind === 'meeting' || kind === 'call' || direction !== 'outbound';
}

export interface RelationshipRow {
  member_id: string;
  contact_id: string;
  connected_on: number | null;
  rating: number | null;
  interaction_count: number;
  two_way_count: number;
  inbound_count: number;
  outbound_count: number;
  first_interaction_at: number | null;
  last_interaction_at: number | null;
  last_two_way_at: number | null;
  intros_made: number;
  intros_declined: number;
  created_at: number;
  updated_at: number;
}

/** A relationship row with the windowed 12-month count the frequency factor needs. */
export interface RelationshipWithRecent extends RelationshipRow {
  recent: number;
}

export interface NewInteraction {
  memberId: string;
  contactId: string;
  kind: InteractionKind;
  direction: Direction;
  at: number;
  summary: string | null;
}

export interface InteractionRow {
  id: number;
  member_id: string;
  contact_id: string;
  kind: InteractionKind;
  direction: Direction;
  at: number;
  summary: string | null;
  created_at: number;
}

/** The correlated count that the frequency factor reads; it walks interactions_relationship. */
export const RECENT_COUNT_SQL =
  '(SELECT count(*) FROM interactions i WHERE i.member_id = r.member_id AND ' +
  'i.contact_id = r.contact_id AND i.at > @since AND i.at <= @now)';

/** RECENT_COUNT_SQL, answered from the aggregates when they bound every interaction's date. */
export const RECENT_SQL = `CASE
    WHEN r.member_id IS NULL OR r.interaction_count = 0 THEN 0
    -- The aggregates bound every interaction's date: counting is needed only when the 12-month
    -- window cuts through the relationship's history.
    WHEN r.last_interaction_at <= @since OR r.first_interaction_at > @now THEN 0
    WHEN r.first_interaction_at > @since AND r.last_interaction_at <= @now
      THEN r.interaction_count
    ELSE ${RECENT_COUNT_SQL}
  END`;

export function trustInputsOf(
  row: RelationshipWithRecent,
  sharedContext: readonly string[],
): TrustInputs {
  return {
    connectedOn: row.connected_on,
    rating: row.rating,
    interactionCount: row.interaction_count,
    twoWayCount: row.two_way_count,
    inboundCount: row.inbound_count,
    outboundCount: row.outbound_count,
    firstInteractionAt: row.first_interaction_at,
    lastInteractionAt: row.last_interaction_at,
    lastTwoWayAt: row.last_two_way_at,
    interactionsLast12Months: row.recent,
    introsMade: row.intros_made,
    introsDeclined: row.intros_declined,
    sharedContext,
  };
}

export class RelationshipRows {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(memberId: string, contactId: string, now: number): RelationshipWithRecent | undefined {
    return statement(
      this.#db,
      `SELECT r.*, ${RECENT_COUNT_SQL} AS recent FROM relationships r ` +
        'WHERE r.member_id = @member AND r.contact_id = @contact',
    ).get({ member: memberId, contact: contactId, since: now - FREQUENCY_WINDOW_MS, now }) as
      RelationshipWithRecent | undefined;
  }

  /** Every member's relationship with one contact. */
  forContact(contactId: string, now: number): RelationshipWithRecent[] {
    return statement(
      this.#db,
      `SELECT r.*, ${RECENT_COUNT_SQL} AS recent FROM relationships r ` +
        'WHERE r.contact_id = @contact ORDER BY r.member_id',
    ).all({
      contact: contactId,
      since: now - FREQUENCY_WINDOW_MS,
      now,
    }) as RelationshipWithRecent[];
  }

  /** Creates the relationship if it does not exist yet; an existing one is left as it is. */
  ensure(memberId: string, contactId: string, now: number, connectedOn: number | null = null) {
    statement(
      this.#db,
      'INSERT INTO relationships (member_id, contact_id, connected_on, created_at, updated_at) ' +
        'VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, contact_id) DO NOTHING',
    ).run(memberId, contactId, connectedOn, now, now);
  }

  setRating(memberId: string, contactId: string, rating: number | null, now: number): void {
    statement(
      this.#db,
      'UPDATE relationships SET rating = ?, updated_at = ? WHERE member_id = ? AND contact_id = ?',
    ).run(rating, now, memberId, contactId);
  }

  /** Inserts the interaction and folds it into the relationship's aggregates; call in a write. */
  addInteraction(interaction: NewInteraction, now: number): InteractionRow {
    this.ensure(interaction.memberId, interaction.contactId, now);
    const inserted = statement(
      this.#db,
      'INSERT INTO interactions (member_id, contact_id, kind, direction, at, summary, created_at) ' +
        'VALUES (@memberId, @contactId, @kind, @direction, @at, @summary, @now) RETURNING *',
    ).get({ ...interaction, now }) as InteractionRow;
    const twoWay = isTwoWay(interaction.kind, interaction.direction) ? 1 : 0;
    statement(
      this.#db,
      `UPDATE relationships SET
           interaction_count = interaction_count + 1,
           two_way_count = two_way_count + @twoWay,
           inbound_count = inbound_count + (@direction = 'inbound'),
           outbound_count = outbound_count + (@direction = 'outbound'),
           first_interaction_at = min(coalesce(first_interaction_at, @at), @at),
           last_interaction_at = max(coalesce(last_interaction_at, @at), @at),
           last_two_way_at = CASE WHEN @twoWay = 1
             THEN max(coalesce(last_two_way_at, @at), @at) ELSE last_two_way_at END,
           updated_at = @now
         WHERE member_id = @memberId AND contact_id = @contactId`,
    ).run({
      twoWay,
      direction: interaction.direction,
      at: interaction.at,
      now,
      memberId: interaction.memberId,
      contactId: interaction.contactId,
    });
    return inserted;
  }

  recentInteractions(contactId: string, limit: number): InteractionRow[] {
    return statement(
      this.#db,
      // Through relationships, so that both lookups use an index.
      'SELECT i.* FROM relationships r JOIN interactions i ON i.member_id = r.member_id AND ' +
        'i.contact_id = r.contact_id WHERE r.contact_id = ? ORDER BY i.at DESC, i.id DESC LIMIT ?',
    ).all(contactId, limit) as InteractionRow[];
  }
}
