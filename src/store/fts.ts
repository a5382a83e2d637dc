/**
 * Full-text candidates for matching (SPEC §6). User text never reaches MATCH as syntax: it is cut
 * into word terms, each quoted as an FTS5 string and OR-ed, so operators, quotes, `NEAR(`, `*` and
 * the like are only ever words. Ranking is FTS5's BM25 with the column weights set in the schema.
 */
import type Database from 'better-sqlite3';

import { FREQUENCY_WINDOW_MS } from '../domain/trust.ts';
import type { ContactRow } from './contacts.ts';
import { RECENT_SQL, type RelationshipWithRecent } from './relationships.ts';
import { rowidOfKey, warmthOfKey } from './schema.ts';
import { statement } from './statements.ts';
import type { Db } from './store.ts';
import { PATH_BOUND_SQL } from './trust-bound.ts';

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

/**
 * The MATCH expression for any of `terms`, each listed once, or undefined when there are none.
 * A term repeated n times would weigh n times in BM25, but bm25() counts the documents of every
 * phrase by walking its whole doclist: at 100k contacts each repeat costs about 0.5 ms. Request
 * parts are weighted by the strict stage instead (every key word of the target).
 */
export function matchExpression(terms: Iterable<string>): string | undefined {
  const distinct = [...new Set(terms)];
  return distinct.length === 0 ? undefined : distinct.map(quoteTerm).join(' OR ');
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
 * A known approximation: each stage ranks at most this many matching contacts, the warmest ones
 * first and, among equally warm ones, the most recently added (contacts_fts is keyed so, see
 * FTS_KEY_SPAN in src/store/schema.ts). A cold contact that shares only a common word with the
 * query is not considered once RANK_WINDOW warmer or newer ones match it too. At 100k contacts
 * bm25() over every match of a request's broad expression (39k rows) takes about 40 ms, over the
 * window about 5 ms, of which about 3 ms is bm25's own per-phrase document count, paid whatever
 * the window. FTS5's ORDER BY rank would ignore such a bound, so bm25() is called in a subquery.
 * On the benchmark's network the window's top 10 is the top 10 of ranking every match for four of
 * its six queries, and shares 7 and 9 of 10 for the others (when the window was the most recently
 * added matches, 0-2 for five of them). What would end it: a ranking that does not visit every
 * match (an impact-ordered index of our own, or an FTS5 auxiliary function in C; better-sqlite3
 * cannot register one).
 */
export const RANK_WINDOW = 1000;

/** A full-text hit: what ranking starts from. */
export interface Hit {
  rowid: number;
  /** BM25 rank of the stage that found it: negative, best lowest. */
  rank: number;
  /** Which stage found it: 0 the strict one, 1 the broad one. */
  stage: number;
  /** The contact's warmth (see FTS_KEY_SPAN in src/store/schema.ts), from its index key. */
  warmth: number;
}

/** A hit, its contact's id and an upper bound of its best path's trust (see trust-bound.ts). */
export interface BoundedHit extends Hit {
  /** Undefined for an index key that no contact has, which only an index out of step holds. */
  id: string | undefined;
  trustBound: number;
}

/**
 * The most relevant contacts for each stage's MATCH expression in turn, best first within a
 * stage, until `limit` distinct contacts are found: one statement per stage, three values per
 * contact. Ranking is bounded by RANK_WINDOW rows per stage. A later stage ranks its own top
 * `limit` hits as before, but keeps only the ones earlier stages did not find, and only as many as
 * are still missing.
 */
export function stageHits(
  db: Db,
  options: {
    stages: readonly string[];
    limit: number;
    excludeDoNotIntroduce: boolean;
    /** RANK_WINDOW unless a benchmark compares the window with ranking every match. */
    window?: number;
  },
): Hit[] {
  const found = new Map<number, Hit>();
  for (const [stage, match] of options.stages.entries()) {
    if (found.size >= options.limit) break;
    const sql = options.excludeDoNotIntroduce ? INTRODUCIBLE_HITS_SQL : HITS_SQL;
    const rows = statement(db, sql)
      .raw(true)
      .all({
        match,
        window: options.window ?? RANK_WINDOW,
        limit: options.limit,
        found: JSON.stringify([...found.keys()]),
        missing: options.limit - found.size,
      }) as [number, number, number][];
    for (const [rowid, rank, warmth] of rows) {
      found.set(rowid, { rowid, rank, stage, warmth });
    }
  }
  return [...found.values()];
}

/** A stage's window: its RANK_WINDOW warmest matches, each as (index key, BM25 rank). */
const WINDOW_SQL = `SELECT rowid AS key, bm25(contacts_fts, ${BM25_WEIGHTS}) AS rank
    FROM contacts_fts WHERE contacts_fts MATCH @match ORDER BY rowid DESC LIMIT @window`;

/**
 * The best `@missing` hits of a window that no earlier stage found, from the index alone, without
 * reading a contact. Taking the window's top `@limit` first and then leaving out the found ones
 * (at most `@limit - @missing`) would keep the same hits, while the index is in step with
 * contacts: one key per contact, and a contact for every key. A key out of step would be a hit
 * here, its rank counting towards its stage's best; the tests in test/network/search-index-*
 * keep the index in step.
 */
const HITS_SQL = `SELECT ${rowidOfKey('w.key')}, w.rank, ${warmthOfKey('w.key')}
    FROM (${WINDOW_SQL}) w
    WHERE ${rowidOfKey('w.key')} NOT IN (SELECT value FROM json_each(@found))
    ORDER BY w.rank, w.key DESC LIMIT @missing`;

/**
 * HITS_SQL without contacts marked do-not-introduce, among the window's top `@limit`; through its
 * join with contacts it also drops any key that no contact has.
 */
const INTRODUCIBLE_HITS_SQL = `WITH hits AS (
      SELECT key, rank FROM (${WINDOW_SQL}) ORDER BY rank, key DESC LIMIT @limit
    )
    SELECT c.rowid, hits.rank, ${warmthOfKey('hits.key')}
    FROM hits JOIN contacts c ON c.rowid = ${rowidOfKey('hits.key')}
    WHERE c.do_not_introduce = 0 AND c.rowid NOT IN (SELECT value FROM json_each(@found))
    ORDER BY hits.rank, hits.key DESC LIMIT @missing`;

export interface BoundOptions {
  now: number;
  ownerId: string;
  /** First-leg trust of each teammate who can connect: member id -> score. */
  connectorLegs: Readonly<Record<string, number>>;
}

/**
 * An upper bound of the best path's trust of each hit, in the hits' order: one statement, one
 * value per hit, whatever the number of relationships behind it.
 */
export function trustBounds(db: Db, hits: readonly Hit[], options: BoundOptions): number[] {
  return statement(db, BOUNDS_SQL)
    .pluck()
    .all({
      hits: JSON.stringify(hits.map((hit) => hit.rowid)),
      now: options.now,
      owner: options.ownerId,
      legs: JSON.stringify(options.connectorLegs),
    }) as number[];
}

/** A LEFT JOIN: a hit with no contact row (an index out of step) must not shift later bounds. */
const BOUNDS_SQL = `SELECT ${PATH_BOUND_SQL}
    FROM json_each(@hits) h LEFT JOIN contacts f ON f.rowid = h.value ORDER BY h.key`;

/** stageHits with every hit's trust bound, all at once: what the bound's property tests read. */
export function rankedHits(
  db: Db,
  options: {
    stages: readonly string[];
    limit: number;
    excludeDoNotIntroduce: boolean;
  } & BoundOptions,
): BoundedHit[] {
  const hits = stageHits(db, options);
  const bounds = trustBounds(db, hits, options);
  const idOf = statement<[number], string | undefined>(
    db,
    'SELECT id FROM contacts WHERE rowid = ?',
  ).pluck();
  return hits.map((hit, at) => ({ ...hit, id: idOf.get(hit.rowid), trustBound: bounds[at]! }));
}

/**
 * The given hits in full: each contact with every member's relationship to it and the 12-month
 * interaction count, so that trust needs no more queries.
 */
export function candidatesFor(db: Db, hits: readonly Hit[], now: number): Candidate[] {
  const byRowid = new Map(hits.map((hit) => [hit.rowid, hit]));
  const rows = candidatesStatement(db).all({
    rowids: JSON.stringify(hits.map((hit) => hit.rowid)),
    since: now - FREQUENCY_WINDOW_MS,
    now,
  }) as CandidateRow[];
  const candidates = new Map<number, Candidate>();
  collect(candidates, rows, byRowid);
  return [...candidates.values()];
}

const CANDIDATES_SQL = `SELECT c.rowid, c.id, c.company, c.tags, c.location, c.do_not_introduce,
      r.member_id, r.contact_id, r.connected_on, r.rating, r.interaction_count, r.two_way_count,
      r.inbound_count, r.outbound_count, r.first_interaction_at, r.last_interaction_at,
      r.last_two_way_at, r.intros_made, r.intros_declined, r.created_at, r.updated_at,
      ${RECENT_SQL}
    FROM contacts c
    LEFT JOIN relationships r ON r.contact_id = c.id
    WHERE c.rowid IN (SELECT value FROM json_each(@rowids))`;

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

/** Groups rows (one per contact and relationship) by contact, with each hit's rank and stage. */
function collect(
  byContact: Map<number, Candidate>,
  rows: CandidateRow[],
  hits: ReadonlyMap<number, Hit>,
): void {
  for (const row of rows) {
    const rowid = row[0];
    let candidate = byContact.get(rowid);
    if (!candidate) {
      const hit = hits.get(rowid)!;
      candidate = {
        contact: {
          rowid,
          id: row[1],
          company: row[2],
          tags: row[3],
          location: row[4],
          do_not_introduce: row[5],
          rank: hit.rank,
        },
        stage: hit.stage,
        relationships: [],
      };
      byContact.set(rowid, candidate);
    }
    const memberId = row[6];
    if (memberId !== null) {
      candidate.relationships.push({
        member_id: memberId,
        contact_id: row[7],
        connected_on: row[8],
        rating: row[9],
        interaction_count: row[10],
        two_way_count: row[11],
        inbound_count: row[12],
        outbound_count: row[13],
        first_interaction_at: row[14],
        last_interaction_at: row[15],
        last_two_way_at: row[16],
        intros_made: row[17],
        intros_declined: row[18],
        created_at: row[19],
        updated_at: row[20],
        recent: row[21],
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
