/**
 * Full-text candidates for matching (SPEC §6). User text never reaches MATCH as syntax: it is cut
 * into word terms, each quoted as an FTS5 string and OR-ed, so operators, quotes, `NEAR(`, `*` and
 * the like are only ever words. Ranking is FTS5's BM25 with the column weights set in the schema.
 */
import type Database from 'better-sqlite3';

import { FREQUENCY_WINDOW_MS } from '../domain/trust.ts';
import type { ContactRow } from './contacts.ts';
import { RECENT_COUNT_SQL, type RelationshipWithRecent } from './relationships.ts';
import { statement } from './statements.ts';
import type { Db } from './store.ts';

/** Words too common to say anything about whom a person wants to meet. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have i in into is it its me my of on or our so ' +
    'that the their them they this to us we who whom with want wants wanting meet meeting looking ' +
    'someone somebody people person like would could should about intro introduce introduction'
  ).split(' '),
);

/** Letters, digits and combining marks, as FTS5's unicode61 tokenizer forms tokens. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** The distinct, lower-cased, non-trivial words of `text`, in order, at most `max` of them. */
export function searchTerms(text: string, max: number): string[] {
  const terms = new Set<string>();
  for (const [word] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    if (terms.size >= max) break;
    if (STOP_WORDS.has(word)) continue;
    if (word.length < 2 && /^[\p{Script=Latin}\p{N}]$/u.test(word)) continue;
    terms.add(word.slice(0, 64));
  }
  return [...terms];
}

/** One FTS5 string literal: the term in double quotes, any double quote doubled. */
export function quoteTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

export interface TermGroup {
  terms: readonly string[];
  /** BM25 sums over the query's phrases, so a term repeated n times weighs n times. */
  weight: number;
}

/** The MATCH expression for weighted groups of terms, or undefined when there are no terms. */
export function matchExpression(groups: readonly TermGroup[]): string | undefined {
  const weights = new Map<string, number>();
  for (const group of groups) {
    for (const term of group.terms) {
      weights.set(term, Math.max(weights.get(term) ?? 0, group.weight));
    }
  }
  if (weights.size === 0) return undefined;
  const phrases: string[] = [];
  for (const [term, weight] of weights) {
    for (let n = 0; n < weight; n += 1) phrases.push(quoteTerm(term));
  }
  return phrases.join(' OR ');
}

/** Every one of `terms` must occur (anywhere): the strict first stage of matching. */
export function allTermsExpression(terms: readonly string[]): string | undefined {
  return terms.length === 0 ? undefined : terms.map(quoteTerm).join(' AND ');
}

/** What ranking reads of a candidate; name, title and notes are read for the page only. */
export type CandidateContact = Pick<
  ContactRow,
  'rowid' | 'id' | 'company' | 'tags' | 'location' | 'do_not_introduce'
> & { rank: number };

export type ContactText = Pick<ContactRow, 'name' | 'title' | 'notes'>;

export interface Candidate {
  contact: CandidateContact;
  /** Which stage found it: 0 the strict one, 1 the broad one. */
  stage: number;
  relationships: RelationshipWithRecent[];
}

/** name, title, company, tags, notes: what a title or a tag says outweighs a word in the notes. */
const BM25_WEIGHTS = '2.0, 4.0, 3.0, 3.0, 1.0';

/**
 * A known approximation: each stage ranks at most this many matching contacts, the most recently
 * added ones (highest rowid), so an older contact that shares only a common word with the query
 * is not considered once RANK_WINDOW newer ones match it too. At 100k contacts bm25() over every
 * match of a request's broad expression (39k rows) takes about 40 ms, over the window about 5 ms,
 * of which about 3 ms is bm25's own per-phrase document count, paid whatever the window. FTS5's
 * ORDER BY rank would ignore such a bound, so bm25() is called in a subquery. What would end it:
 * a ranking that does not visit every match (an impact-ordered index of our own, or an FTS5
 * auxiliary function in C; better-sqlite3 cannot register one).
 */
export const RANK_WINDOW = 1000;

/**
 * The most relevant contacts for each stage's MATCH expression in turn, best first within a
 * stage, until `limit` distinct contacts are found. Each comes with every member's relationship
 * to it and the 12-month interaction count: one statement per stage, so trust needs no more
 * queries. Ranking is bounded by RANK_WINDOW rows per stage. A later stage ranks its own top
 * `limit` hits as before, but joins only the ones earlier stages did not find, and only as many
 * as are still missing: the join, not BM25, is what a broad stage would otherwise waste.
 */
export function ftsCandidates(
  db: Db,
  options: {
    stages: readonly string[];
    limit: number;
    now: number;
    excludeDoNotIntroduce: boolean;
  },
): Candidate[] {
  const byContact = new Map<number, Candidate>();
  for (const [stage, match] of options.stages.entries()) {
    if (byContact.size >= options.limit) break;
    const rows = candidatesStatement(db).all({
      match,
      window: RANK_WINDOW,
      limit: options.limit,
      found: JSON.stringify([...byContact.keys()]),
      missing: options.limit - byContact.size,
      dni: options.excludeDoNotIntroduce ? 1 : 0,
      since: options.now - FREQUENCY_WINDOW_MS,
      now: options.now,
    }) as CandidateRow[];
    collect(byContact, rows, stage);
  }
  return [...byContact.values()];
}

const CANDIDATES_SQL = `WITH hits AS (
      SELECT rowid, rank FROM (
        SELECT rowid, bm25(contacts_fts, ${BM25_WEIGHTS}) AS rank FROM contacts_fts
        WHERE contacts_fts MATCH @match ORDER BY rowid DESC LIMIT @window
      ) ORDER BY rank LIMIT @limit
    ),
    fresh AS (
      SELECT hits.rowid, c.id, c.company, c.tags, c.location, c.do_not_introduce, hits.rank
      FROM hits JOIN contacts c ON c.rowid = hits.rowid
      WHERE (@dni = 0 OR c.do_not_introduce = 0)
        AND hits.rowid NOT IN (SELECT value FROM json_each(@found))
      ORDER BY hits.rank, hits.rowid LIMIT @missing
    )
    SELECT c.rowid, c.id, c.company, c.tags, c.location, c.do_not_introduce, c.rank,
      r.member_id, r.contact_id, r.connected_on, r.rating, r.interaction_count, r.two_way_count,
      r.inbound_count, r.outbound_count, r.first_interaction_at, r.last_interaction_at,
      r.last_two_way_at, r.intros_made, r.intros_declined, r.created_at, r.updated_at,
      CASE
        WHEN r.member_id IS NULL OR r.interaction_count = 0 THEN 0
        -- The aggregates bound every interaction's date: counting is needed only when the
        -- 12-month window cuts through the relationship's history.
        WHEN r.last_interaction_at <= @since OR r.first_interaction_at > @now THEN 0
        WHEN r.first_interaction_at > @since AND r.last_interaction_at <= @now
          THEN r.interaction_count
        ELSE ${RECENT_COUNT_SQL}
      END
    FROM fresh c
    LEFT JOIN relationships r ON r.contact_id = c.id
    ORDER BY c.rank, c.rowid`;

/** Rows as arrays: better-sqlite3 builds a 26-key object per row slowly (about 6 µs). */
function candidatesStatement(db: Db): Database.Statement {
  return statement(db, CANDIDATES_SQL).raw(true);
}

/** One row of CANDIDATES_SQL: the contact, one relationship (nulls if none), the 12-month count. */
type CandidateRow = [
  rowid: number,
  id: string,
  company: string | null,
  tags: string,
  location: string | null,
  doNotIntroduce: 0 | 1,
  rank: number,
  memberId: string | null,
  contactId: string,
  connectedOn: number | null,
  rating: number | null,
  interactionCount: number,
  twoWayCount: number,
  inboundCount: number,
  outboundCount: number,
  firstInteractionAt: number | null,
  lastInteractionAt: number | null,
  lastTwoWayAt: number | null,
  introsMade: number,
  introsDeclined: number,
  createdAt: number,
  updatedAt: number,
  recent: number,
];

/** Groups a stage's rows (one per contact and relationship, contacts none seen before). */
function collect(byContact: Map<number, Candidate>, rows: CandidateRow[], stage: number): void {
  for (const row of rows) {
    const rowid = row[0];
    let candidate = byContact.get(rowid);
    if (!candidate) {
      candidate = {
        contact: {
          rowid,
          id: row[1],
          company: row[2],
          tags: row[3],
          location: row[4],
          do_not_introduce: row[5],
          rank: row[6],
        },
        stage,
        relationships: [],
      };
      byContact.set(rowid, candidate);
    }
    const memberId = row[7];
    if (memberId !== null) {
      candidate.relationships.push({
        member_id: memberId,
        contact_id: row[8],
        connected_on: row[9],
        rating: row[10],
        interaction_count: row[11],
        two_way_count: row[12],
        inbound_count: row[13],
        outbound_count: row[14],
        first_interaction_at: row[15],
        last_interaction_at: row[16],
        last_two_way_at: row[17],
        intros_made: row[18],
        intros_declined: row[19],
        created_at: row[20],
        updated_at: row[21],
        recent: row[22],
      });
    }
  }
}

/** Name, title and notes of the given contacts (the returned page), by rowid. */
export function contactTexts(db: Db, rowids: readonly number[]): Map<number, ContactText> {
  const rows = statement<[string], ContactText & { rowid: number }>(
    db,
    'SELECT rowid, name, title, notes FROM contacts WHERE rowid IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(rowids));
  return new Map(rows.map((row) => [row.rowid, row]));
}
