/**
 * Full-text candidates for matching (SPEC §6). User text never reaches MATCH as syntax: it is cut
 * into word terms, each quoted as an FTS5 string and OR-ed, so operators, quotes, `NEAR(`, `*` and
 * the like are only ever words. Ranking is FTS5's BM25 with the column weights set in the schema.
 */
import { FREQUENCY_WINDOW_MS } from '../domain/trust.ts';
import type { ContactRow } from './contacts.ts';
import { RECENT_COUNT_SQL, type RelationshipWithRecent } from './relationships.ts';
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

export type CandidateContact = Pick<
  ContactRow,
  'rowid' | 'id' | 'name' | 'title' | 'company' | 'tags' | 'location' | 'notes' | 'do_not_introduce'
> & { rank: number };

export interface Candidate {
  contact: CandidateContact;
  relationships: RelationshipWithRecent[];
}

const RELATIONSHIP_COLUMNS = [
  'member_id',
  'contact_id',
  'connected_on',
  'rating',
  'interaction_count',
  'two_way_count',
  'inbound_count',
  'outbound_count',
  'first_interaction_at',
  'last_interaction_at',
  'last_two_way_at',
  'intros_made',
  'intros_declined',
  'created_at',
  'updated_at',
] as const;

/**
 * The `limit` most relevant contacts for `match`, best first, each with every member's
 * relationship to it and the 12-month interaction count: one statement, so trust needs no more
 * queries. The FTS5 top-k runs first and bounds everything after it.
 */
export function ftsCandidates(
  db: Db,
  options: { match: string; limit: number; now: number; excludeDoNotIntroduce: boolean },
): Candidate[] {
  const rows = db
    .prepare(
      `WITH hits AS (
         SELECT rowid, rank FROM contacts_fts WHERE contacts_fts MATCH @match
         ORDER BY rank LIMIT @limit
       )
       SELECT c.rowid AS c_rowid, c.id AS c_id, c.name AS c_name, c.title AS c_title,
         c.company AS c_company, c.tags AS c_tags, c.location AS c_location, c.notes AS c_notes,
         c.do_not_introduce AS c_dni, hits.rank AS c_rank,
         ${RELATIONSHIP_COLUMNS.map((column) => `r.${column}`).join(', ')},
         CASE WHEN r.member_id IS NULL THEN 0 ELSE ${RECENT_COUNT_SQL} END AS recent
       FROM hits
       JOIN contacts c ON c.rowid = hits.rowid
       LEFT JOIN relationships r ON r.contact_id = c.id
       WHERE @dni = 0 OR c.do_not_introduce = 0
       ORDER BY hits.rank, c.rowid`,
    )
    .all({
      match: options.match,
      limit: options.limit,
      dni: options.excludeDoNotIntroduce ? 1 : 0,
      since: options.now - FREQUENCY_WINDOW_MS,
      now: options.now,
    }) as Record<string, unknown>[];

  const byContact = new Map<number, Candidate>();
  for (const row of rows) {
    const rowid = row.c_rowid as number;
    let candidate = byContact.get(rowid);
    if (!candidate) {
      candidate = {
        contact: {
          rowid,
          id: row.c_id as string,
          name: row.c_name as string,
          title: row.c_title as string | null,
          company: row.c_company as string | null,
          tags: row.c_tags as string,
          location: row.c_location as string | null,
          notes: row.c_notes as string | null,
          do_not_introduce: row.c_dni as 0 | 1,
          rank: row.c_rank as number,
        },
        relationships: [],
      };
      byContact.set(rowid, candidate);
    }
    if (row.member_id !== null)
      candidate.relationships.push(row as unknown as RelationshipWithRecent);
  }
  return [...byContact.values()];
}
