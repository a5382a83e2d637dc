/**
 * The network as agents read it: contacts ranked for an intro request or a search, each with the
 * best path to it (direct, or through a teammate as connector) and its trust explained. Scores:
 * score = 0.6 × relevance + 0.4 × trustScore, relevance = BM25 ÷ the best BM25 of the query.
 */
import { createHash } from 'node:crypto';

import { ContactRows, type MemberRow, MemberRows, parseTags } from '../store/contacts.ts';
import {
  allTermsExpression,
  type Candidate,
  type CandidateContact,
  candidatesFor,
  type ContactText,
  contactTexts,
  type Hit,
  matchExpression,
  searchTerms,
  stageHits,
  trustBounds,
} from '../store/fts.ts';
import {
  RelationshipRows,
  type RelationshipWithRecent,
  trustInputsOf,
} from '../store/relationships.ts';
import { OWNER_MEMBER_ID } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { BOUND_SLACK } from '../store/trust-bound.ts';
import type { Clock } from './clock.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { AppError, notFound } from './errors.ts';
import type { IntroRequest } from './intro-requests.ts';
import {
  computeTrust,
  NO_RELATIONSHIP,
  roundScore,
  tierOf,
  type Trust,
  type TrustFactor,
  trustScore,
  type TrustTier,
} from './trust.ts';

export const RELEVANCE_WEIGHT = 0.6;
export const TRUST_WEIGHT = 0.4;
/**
 * Matches are ranked among this many most relevant contacts (BM25 top-k of each stage's window,
 * see RANK_WINDOW), so cost is bounded. Each gets a trust bound in SQL; only those whose bound can
 * reach the page are scored exactly, and only the page is explained.
 */
export const CANDIDATE_LIMIT = 500;
/** Hits read in full per step of ranking: the first step reads a page and this many more. */
const FIRST_BATCH_EXTRA = 15;
const BATCH = 48;
/**
 * Hits bounded per statement: a few first, since most pages need 30-130 of the 500; once the page
 * is full, every hit that can still reach it, up to BOUND_CHUNK; before that, 64, 128, then
 * BOUND_CHUNK each time.
 */
const FIRST_BOUND_CHUNK = 64;
const BOUND_CHUNK = 250;
/**
 * Relevance scale of each stage: a contact with every key word of the target (or query) is worth
 * more than one sharing a single word with it.
 */
const STAGE_RELEVANCE = [1, 0.8];
/** Terms taken from each part of a request; the target's also make the strict stage. */
const REQUEST_PARTS = [
  { part: 'target', max: 6 },
  { part: 'subject', max: 3 },
  { part: 'context', max: 3 },
] as const;
const SEARCH_TERMS_MAX = 32;

export interface MatchContact {
  id: string;
  name: string;
  title: string | null;
  company: string | null;
  tags: string[];
}

export interface TrustLeg {
  memberId: string;
  memberName: string;
  contactId: string;
  score: number;
  tier: TrustTier;
  factors: TrustFactor[];
}

export interface PathTrust {
  score: number;
  tier: TrustTier;
  factors: TrustFactor[];
  legs?: TrustLeg[];
}

export type Path =
  { kind: 'direct' } | { kind: 'via_connector'; connector: { id: string; name: string } };

export interface Match {
  contact: MatchContact;
  score: number;
  relevance: number;
  trustScore: number;
  trust: { tier: TrustTier; factors: TrustFactor[]; legs?: TrustLeg[] };
  path: Path;
  reasons: string[];
}

export interface SearchHit extends Match {
  /** A person marked this contact do-not-introduce: do not draft an intro to them. */
  doNotIntroduce: boolean;
}

export interface PageInput {
  minTrustScore: number;
  limit: number;
  cursor?: string | undefined;
}

interface MatchCursor extends Record<string, unknown> {
  s: number;
  i: string;
  k: string;
}

const isMatchCursor = (v: Record<string, unknown>): v is MatchCursor =>
  typeof v.s === 'number' && typeof v.i === 'string' && typeof v.k === 'string';

/** What one ranking call knows once: members, their profiles and the connector legs. */
interface Scope {
  now: number;
  members: Map<string, MemberRow>;
  /** A member's own contact record, for shared context. */
  profiles: Map<string, Profile>;
  /** For each teammate with a contact record: trust(me -> that contact). */
  connectorLegs: Map<string, TrustLeg>;
  /** Words of the request, for the request part of shared context. */
  requestTerms: Set<string> | undefined;
  /** Parsed tags by their JSON text: candidates repeat the same few, so each is parsed once. */
  tags: (json: string) => string[];
  /** searchTerms(text, 8), once per distinct tag or company of a call. */
  termsOf: (text: string) => string[];
}

interface Profile {
  company: string | null;
  tags: string[];
  location: string | null;
}

export class Network {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #contacts: ContactRows;
  readonly #members: MemberRows;
  readonly #relationships: RelationshipRows;
  readonly #limits: { window: number; candidates: number } | undefined;

  /**
   * `limits` replace RANK_WINDOW and CANDIDATE_LIMIT for one purpose: the benchmark's comparison
   * of the bounded ranking with a ranking of every match (test/bench/lib/network.ts).
   */
  constructor(store: Store, clock: Clock, limits?: { window: number; candidates: number }) {
    this.#store = store;
    this.#clock = clock;
    this.#limits = limits;
    this.#contacts = new ContactRows(store.db);
    this.#members = new MemberRows(store.db);
    this.#relationships = new RelationshipRows(store.db);
  }

  /** Contacts ranked for a request's target (its key words first), subject and context. */
  listMatches(
    request: IntroRequest,
    page: PageInput,
  ): { requestId: string; matches: Match[]; nextCursor?: string } {
    const parts = REQUEST_PARTS.map(({ part, max }) => searchTerms(request[part] ?? '', max));
    const requestTerms = new Set(parts.flat());
    const ranked = this.#rank([...requestTerms], parts[0]!, page, {
      excludeDoNotIntroduce: true,
      requestTerms,
    });
    return {
      requestId: request.id,
      matches: ranked.items.map(({ match }) => match),
      ...(ranked.nextCursor ? { nextCursor: ranked.nextCursor } : {}),
    };
  }

  /** Free-text search over the network; do-not-introduce contacts appear, flagged. */
  search(query: string, page: PageInput): { contacts: SearchHit[]; nextCursor?: string } {
    const terms = searchTerms(query, SEARCH_TERMS_MAX);
    const ranked = this.#rank(terms, terms, page, {
      excludeDoNotIntroduce: false,
      requestTerms: undefined,
    });
    return {
      contacts: ranked.items.map(({ match, candidate }) => ({
        ...match,
        doNotIntroduce: candidate.contact.do_not_introduce === 1,
      })),
      ...(ranked.nextCursor ? { nextCursor: ranked.nextCursor } : {}),
    };
  }

  /**
   * The trust of one path to a contact: direct when connectorId is absent or the owner, else
   * trust(me -> connector's contact) × trust(connector -> contact). With `request`, shared context
   * also counts what the request names. NOT_FOUND for an unknown contact or connector.
   */
  pathTrust(
    contactId: string,
    options: { connectorId?: string | undefined; request?: IntroRequest | undefined } = {},
  ): PathTrust {
    return this.#store.read(() => {
      const contact = this.#contactOrThrow(contactId);
      const scope = this.#scope(options.request && requestTermsOf(options.request));
      const relationships = this.#relationships.forContact(contactId, scope.now);
      const connectorId = options.connectorId ?? OWNER_MEMBER_ID;
      if (connectorId === OWNER_MEMBER_ID) {
        const trust = relationshipTrust(scope, OWNER_MEMBER_ID, contact, relationships);
        return { score: trust.score, tier: trust.tier, factors: trust.factors };
      }
      const member = scope.members.get(connectorId);
      if (!member) {
        throw notFound('connector', connectorId, 'pass the member id (mb_...) of a teammate');
      }
      const via = viaPath(scope, member, contact, relationships);
      if (!via) {
        throw new AppError(
          'NOT_FOUND',
          `Member '${connectorId}' cannot connect to '${contactId}': it has no contact record of its ` +
            'own or no relationship with that contact; omit connectorId for the direct path.',
          { id: connectorId },
        );
      }
      return { score: via.score, tier: tierOf(via.score), factors: [], legs: via.legs };
    });
  }

  /** The best path to a contact and its trust, as list_matches would pick it. */
  bestPath(contactId: string, request?: IntroRequest): { path: Path; trust: PathTrust } {
    return this.#store.read(() => {
      const contact = this.#contactOrThrow(contactId);
      const scope = this.#scope(request && requestTermsOf(request));
      const best = bestPathOf(scope, contact, this.#relationships.forContact(contactId, scope.now));
      return { path: best.path, trust: best.trust };
    });
  }

  /** trust(member -> contact) with its factors; the relationship need not exist. */
  relationshipTrust(memberId: string, contactId: string): Trust {
    return this.#store.read(() => {
      const contact = this.#contactOrThrow(contactId);
      const scope = this.#scope(undefined);
      return relationshipTrust(
        scope,
        memberId,
        contact,
        this.#relationships.forContact(contactId, scope.now),
      );
    });
  }

  #contactOrThrow(contactId: string): Profile & { id: string } {
    const row = this.#contacts.get(contactId);
    if (!row) throw notFound('contact', contactId, 'call search_contacts or list_matches for ids');
    return { id: row.id, company: row.company, tags: parseTags(row.tags), location: row.location };
  }

  #rank(
    terms: string[],
    keyTerms: string[],
    page: PageInput,
    options: { excludeDoNotIntroduce: boolean; requestTerms: Set<string> | undefined },
  ): { items: { match: Match; candidate: Candidate }[]; nextCursor?: string } {
    const match = matchExpression(terms);
    if (match === undefined) return { items: [] };
    // Strict first (every key word), then broad (any word): the best candidates are found
    // without ranking every contact that shares one common word with the query, and a target's
    // words count for more than the subject's or context's, one word alone included.
    const strict =
      keyTerms.length > 1 || (keyTerms.length === 1 && terms.length > 1)
        ? allTermsExpression(keyTerms.slice(0, 8))
        : undefined;
    const stages = strict ? [strict, match] : [match];
    // The cursor is bound to the query and filter it was issued for.
    const key = createHash('sha256')
      .update(`${match}\n${page.minTrustScore}\n${options.excludeDoNotIntroduce}`)
      .digest('base64url')
      .slice(0, 12);
    const after = page.cursor ? decodeCursor(page.cursor, isMatchCursor) : undefined;
    if (after && after.k !== key) {
      throw new AppError(
        'VALIDATION_ERROR',
        'cursor belongs to another query or minTrustScore; repeat the same arguments with it, or ' +
          'omit cursor to start from the first page.',
        { field: 'cursor' },
      );
    }

    const ranked = this.#store.read(() => {
      const scope = this.#scope(options.requestTerms);
      const hits = stageHits(this.#store.db, {
        stages,
        limit: this.#limits?.candidates ?? CANDIDATE_LIMIT,
        excludeDoNotIntroduce: options.excludeDoNotIntroduce,
        ...(this.#limits ? { window: this.#limits.window } : {}),
      });
      const best = stages.map((_, stage) => bestRankOf(hits, stage));
      const top = this.#topRanked(scope, hits, best, page, after);
      const chosen = top.slice(0, page.limit);
      const texts = contactTexts(
        this.#store.db,
        chosen.map(({ candidate }) => candidate.contact.rowid),
      );
      return {
        scope,
        more: top.length > page.limit,
        page: chosen.map(({ candidate }) => {
          const text = texts.get(candidate.contact.rowid)!;
          return { candidate, text, match: toMatch(scope, candidate, text, best[candidate.stage]) };
        }),
      };
    });

    const normalised = new Set(terms.map(normaliseWord));
    const items = ranked.page.map(({ candidate, text, match: m }) => ({
      candidate,
      match: { ...m, reasons: reasonsFor(ranked.scope, candidate, text, m, normalised) },
    }));
    if (!ranked.more) return { items };
    const last = items.at(-1)!.match;
    return { items, nextCursor: encodeCursor({ s: last.score, i: last.contact.id, k: key }) };
  }

  /**
   * The first `page.limit + 1` eligible candidates in (score, id) order, as if every hit were
   * scored. Hits get a trust bound in SQL a chunk at a time, in order of their best possible score
   * (relevance, with trust at what warmth allows), and only while that can still reach the page;
   * bounded hits are read in full, best bound first, while their bounded score can. Both stop
   * once nothing unread can reach the page's worst exact score: exact, while most hits are never
   * read in full and many are not even bounded.
   */
  #topRanked(
    scope: Scope,
    hits: Hit[],
    best: (number | undefined)[],
    page: PageInput,
    after: MatchCursor | undefined,
  ): Ranked[] {
    // Warmth bounds trust before any relationship is read: a hit whose relevance and warmth
    // cannot reach the page is never bounded in SQL.
    const pending = hits
      .map((hit) => {
        const relevance = relevanceOf(hit.stage, hit.rank, best[hit.stage]);
        const most = RELEVANCE_WEIGHT * relevance + TRUST_WEIGHT * warmthBound(hit.warmth);
        return { hit, relevance, most: roundScore(most) };
      })
      .sort((a, b) => b.most - a.most);
    const legs = Object.fromEntries(
      [...scope.connectorLegs].map(([memberId, leg]) => [memberId, leg.score]),
    );
    const wanted = page.limit + 1;
    const top: Ranked[] = [];
    /** Bounded, not yet read, best bound first. */
    let pool: { hit: Hit; bound: number }[] = [];
    let next = 0;
    let read = 0;
    let boundChunks = 0;
    for (;;) {
      // Strictly below the worst: an unread hit equal to it could tie and win on id.
      const worst = top.length === wanted ? top.at(-1)!.score : -Infinity;
      while (pool.length > 0 && pool.at(-1)!.bound < worst) pool.pop();
      if (next < pending.length && pending[next]!.most < worst) next = pending.length;
      const unbounded = next < pending.length ? pending[next]!.most : -Infinity;
      if (pool.length === 0 && unbounded === -Infinity) break;

      if (pool.length > 0 && pool[0]!.bound >= unbounded) {
        const batch = pool.splice(0, read === 0 ? wanted + FIRST_BATCH_EXTRA : BATCH);
        read += batch.length;
        const candidates = candidatesFor(
          this.#store.db,
          batch.map(({ hit }) => hit),
          scope.now,
        );
        for (const candidate of candidates) {
          const ranked = rankOf(scope, candidate, best[candidate.stage]);
          if (ranked.trustScore < page.minTrustScore) continue;
          if (
            after &&
            !(ranked.score < after.s || (ranked.score === after.s && ranked.id > after.i))
          ) {
            continue;
          }
          insertRanked(top, ranked, wanted);
        }
        continue;
      }

      // At least the next hit: it can still reach the page, or `next` would be past the end.
      const size =
        top.length === wanted
          ? Math.max(1, reachable(pending, next, worst))
          : FIRST_BOUND_CHUNK * 2 ** Math.min(boundChunks, 2);
      boundChunks += 1;
      const chunk = pending.slice(next, next + Math.min(size, BOUND_CHUNK));
      next += chunk.length;
      const bounds = trustBounds(
        this.#store.db,
        chunk.map(({ hit }) => hit),
        { now: scope.now, ownerId: OWNER_MEMBER_ID, connectorLegs: legs },
      );
      chunk.forEach(({ hit, relevance }, at) => {
        const trustBound = bounds[at]!;
        if (trustBound < page.minTrustScore) return;
        const bound = roundScore(
          RELEVANCE_WEIGHT * relevance + TRUST_WEIGHT * Math.min(1, trustBound),
        );
        pool.push({ hit, bound });
      });
      pool = pool.sort((a, b) => b.bound - a.bound);
    }
    return top;
  }

  #scope(requestTerms: Set<string> | undefined): Scope {
    const now = this.#clock.now();
    const members = new Map(this.#members.all().map((member) => [member.id, member]));
    const profiles = new Map<string, Profile>();
    for (const member of members.values()) {
      if (!member.contact_id) continue;
      const row = this.#contacts.get(member.contact_id);
      if (row) {
        profiles.set(member.id, {
          company: row.company,
          tags: parseTags(row.tags),
          location: row.location,
        });
      }
    }
    const scope: Scope = {
      now,
      members,
      profiles,
      connectorLegs: new Map(),
      requestTerms,
      tags: memoised(parseTags),
      termsOf: memoised((text) => searchTerms(text, 8)),
    };
    for (const member of members.values()) {
      if (member.id === OWNER_MEMBER_ID || !member.contact_id) continue;
      const connectorContact = this.#contacts.get(member.contact_id);
      if (!connectorContact) continue;
      const profile = {
        id: connectorContact.id,
        company: connectorContact.company,
        tags: parseTags(connectorContact.tags),
        location: connectorContact.location,
      };
      // The first leg is about knowing the teammate, not about the request.
      const legScope = { ...scope, requestTerms: undefined };
      const trust = relationshipTrust(
        legScope,
        OWNER_MEMBER_ID,
        profile,
        this.#relationships.forContact(member.contact_id, now),
      );
      scope.connectorLegs.set(member.id, {
        memberId: OWNER_MEMBER_ID,
        memberName: members.get(OWNER_MEMBER_ID)?.name ?? 'me',
        contactId: member.contact_id,
        score: trust.score,
        tier: trust.tier,
        factors: trust.factors,
      });
    }
    return scope;
  }
}

/** `fn` with its results kept by argument, for the length of one call. */
function memoised<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** How many of `pending` (best first) from `from` on can still reach `worst`. */
function reachable(pending: readonly { most: number }[], from: number, worst: number): number {
  let to = from;
  while (to < pending.length && pending[to]!.most >= worst) to += 1;
  return to - from;
}

/** Keeps `top` sorted by (score desc, id asc) and at most `size` long. */
function insertRanked(top: Ranked[], ranked: Ranked, size: number): void {
  let at = top.length;
  while (at > 0 && byScoreThenId(ranked, top[at - 1]!) < 0) at -= 1;
  if (at >= size) return;
  top.splice(at, 0, ranked);
  if (top.length > size) top.pop();
}

function byScoreThenId(a: Ranked, b: Ranked): number {
  return b.score - a.score || compareIds(a.id, b.id);
}

/**
 * The most a contact's trust can be, on any path and at any time, from its warmth: warmth is 100 ×
 * that, rounded up (src/store/schema.ts), and a path through a teammate is at most the teammate's
 * own trust. test/network/rank-bound.test.ts checks it against the exact score.
 */
export function warmthBound(warmth: number): number {
  return Math.min(1, warmth / 100 + BOUND_SLACK);
}

/** The best (lowest) BM25 rank among one stage's hits: that stage's relevance 1. */
function bestRankOf(hits: readonly Hit[], stage: number): number | undefined {
  let best: number | undefined;
  for (const hit of hits) {
    if (hit.stage === stage && (best === undefined || hit.rank < best)) best = hit.rank;
  }
  return best;
}

function requestTermsOf(request: IntroRequest): Set<string> {
  return new Set(REQUEST_PARTS.flatMap(({ part, max }) => searchTerms(request[part] ?? '', max)));
}

/** Lower case, no diacritics, no plural -s: close enough to porter to explain a match. */
function normaliseWord(word: string): string {
  const plain = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return plain.length > 3 ? plain.replace(/(?:es|s)$/u, '') : plain;
}

function words(text: string | null): string[] {
  return text ? [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map(([word]) => word) : [];
}

function sharedContextOf(
  scope: Scope,
  memberId: string,
  contact: Profile & { id: string },
): string[] {
  const items: string[] = [];
  const profile = scope.profiles.get(memberId);
  const member = scope.members.get(memberId);
  if (profile && member && member.contact_id !== contact.id) {
    const who = memberId === OWNER_MEMBER_ID ? 'you' : member.name;
    if (profile.company && sameText(profile.company, contact.company)) {
      items.push(`company ${profile.company} (with ${who})`);
    }
    const theirs = new Set(contact.tags.map((tag) => tag.toLowerCase()));
    for (const tag of profile.tags) {
      if (theirs.has(tag.toLowerCase())) items.push(`tag '${tag}' (with ${who})`);
    }
    if (profile.location && sameText(profile.location, contact.location)) {
      items.push(`location ${profile.location} (with ${who})`);
    }
  }
  if (scope.requestTerms) {
    const named = scope.requestTerms;
    for (const tag of contact.tags) {
      const tagWords = scope.termsOf(tag);
      if (tagWords.length > 0 && tagWords.every((word) => named.has(word))) {
        items.push(`tag '${tag}' named in the request`);
      }
    }
    const companyWords = scope.termsOf(contact.company ?? '');
    if (companyWords.length > 0 && companyWords.every((word) => named.has(word))) {
      items.push(`company ${contact.company} named in the request`);
    }
  }
  return items;
}

function sameText(a: string, b: string | null): boolean {
  return b !== null && a.trim().toLowerCase() === b.trim().toLowerCase() && a.trim() !== '';
}

function relationshipTrust(
  scope: Scope,
  memberId: string,
  contact: Profile & { id: string },
  relationships: readonly RelationshipWithRecent[],
): Trust {
  const row = relationships.find((relationship) => relationship.member_id === memberId);
  const shared = sharedContextOf(scope, memberId, contact);
  const inputs = row ? trustInputsOf(row, shared) : { ...NO_RELATIONSHIP, sharedContext: shared };
  return computeTrust(inputs, scope.now);
}

function viaPath(
  scope: Scope,
  member: MemberRow,
  contact: Profile & { id: string },
  relationships: readonly RelationshipWithRecent[],
): { score: number; legs: TrustLeg[] } | undefined {
  const first = scope.connectorLegs.get(member.id);
  if (!first || member.contact_id === contact.id) return undefined;
  if (!relationships.some((relationship) => relationship.member_id === member.id)) return undefined;
  const second = relationshipTrust(scope, member.id, contact, relationships);
  return {
    score: roundScore(first.score * second.score),
    legs: [
      first,
      {
        memberId: member.id,
        memberName: member.name,
        contactId: contact.id,
        score: second.score,
        tier: second.tier,
        factors: second.factors,
      },
    ],
  };
}

function bestPathOf(
  scope: Scope,
  contact: Profile & { id: string },
  relationships: readonly RelationshipWithRecent[],
): { path: Path; trust: PathTrust } {
  const direct = relationshipTrust(scope, OWNER_MEMBER_ID, contact, relationships);
  const hasDirect = relationships.some((r) => r.member_id === OWNER_MEMBER_ID);
  let best: { path: Path; trust: PathTrust } = {
    path: { kind: 'direct' },
    trust: { score: direct.score, tier: direct.tier, factors: direct.factors },
  };
  let bestScore = hasDirect ? direct.score : -1;
  for (const relationship of relationships) {
    const member = scope.members.get(relationship.member_id);
    if (!member || member.id === OWNER_MEMBER_ID) continue;
    const via = viaPath(scope, member, contact, relationships);
    // Strictly better only: a direct path wins ties, and among connectors the first by id.
    if (via && via.score > bestScore) {
      bestScore = via.score;
      best = {
        path: { kind: 'via_connector', connector: { id: member.id, name: member.name } },
        trust: { score: via.score, tier: tierOf(via.score), factors: [], legs: via.legs },
      };
    }
  }
  return best;
}

interface Ranked {
  candidate: Candidate;
  id: string;
  score: number;
  trustScore: number;
}

/** A candidate's score and trust score, as toMatch computes them, without any words. */
function rankOf(scope: Scope, candidate: Candidate, bestRank: number | undefined): Ranked {
  const row = candidate.contact;
  const profile = {
    id: row.id,
    company: row.company,
    tags: scope.tags(row.tags),
    location: row.location,
  };
  const trustScore = bestPathScore(scope, profile, candidate.relationships);
  const score = roundScore(
    RELEVANCE_WEIGHT * relevanceOf(candidate.stage, row.rank, bestRank) + TRUST_WEIGHT * trustScore,
  );
  return { candidate, id: row.id, score, trustScore };
}

/** BM25 ranks are negative, best lowest; the best candidate of the query has relevance 1. */
function relevanceOf(stage: number, rank: number, bestRank: number | undefined): number {
  const scale = STAGE_RELEVANCE[stage] ?? 1;
  return roundScore(
    scale * (bestRank !== undefined && bestRank < 0 ? Math.min(1, rank / bestRank) : 1),
  );
}

/** bestPathOf(...).trust.score, choosing the path by the same rule, without factors. */
function bestPathScore(
  scope: Scope,
  contact: Profile & { id: string },
  relationships: readonly RelationshipWithRecent[],
): number {
  const direct = relationshipScore(scope, OWNER_MEMBER_ID, contact, relationships);
  const hasDirect = relationships.some((r) => r.member_id === OWNER_MEMBER_ID);
  let best = direct;
  let bestScore = hasDirect ? direct : -1;
  for (const relationship of relationships) {
    const member = scope.members.get(relationship.member_id);
    if (!member || member.id === OWNER_MEMBER_ID) continue;
    const first = scope.connectorLegs.get(member.id);
    if (!first || member.contact_id === contact.id) continue;
    const via = roundScore(
      first.score * relationshipScore(scope, member.id, contact, relationships),
    );
    if (via > bestScore) {
      bestScore = via;
      best = via;
    }
  }
  return best;
}

function relationshipScore(
  scope: Scope,
  memberId: string,
  contact: Profile & { id: string },
  relationships: readonly RelationshipWithRecent[],
): number {
  const row = relationships.find((relationship) => relationship.member_id === memberId);
  const shared = sharedContextOf(scope, memberId, contact);
  const inputs = row ? trustInputsOf(row, shared) : { ...NO_RELATIONSHIP, sharedContext: shared };
  return trustScore(inputs, scope.now);
}

function toMatch(
  scope: Scope,
  candidate: Candidate,
  text: ContactText,
  bestRank: number | undefined,
): Match {
  const row = candidate.contact;
  const tags = parseTags(row.tags);
  const profile = { id: row.id, company: row.company, tags, location: row.location };
  const { path, trust } = bestPathOf(scope, profile, candidate.relationships);
  const relevance = relevanceOf(candidate.stage, row.rank, bestRank);
  return {
    contact: { id: row.id, name: text.name, title: text.title, company: row.company, tags },
    score: roundScore(RELEVANCE_WEIGHT * relevance + TRUST_WEIGHT * trust.score),
    relevance,
    trustScore: trust.score,
    trust: {
      tier: trust.tier,
      factors: trust.factors,
      ...(trust.legs ? { legs: trust.legs } : {}),
    },
    path,
    reasons: [],
  };
}

function reasonsFor(
  scope: Scope,
  candidate: Candidate,
  text: ContactText,
  match: Match,
  terms: Set<string>,
) {
  const trust = { ...match.trust, score: match.trustScore };
  return [
    ...relevanceReasons({ ...candidate.contact, ...text }, match.contact.tags, terms),
    ...trustReasons(scope, candidate, match.path, trust),
  ];
}

function relevanceReasons(
  row: CandidateContact & ContactText,
  tags: string[],
  terms: Set<string>,
): string[] {
  const reasons: string[] = [];
  const hits = (text: string | null) => [
    ...new Set(
      words(text)
        .filter((word) => terms.has(normaliseWord(word)))
        .map((w) => w.toLowerCase()),
    ),
  ];
  const quoted = (list: string[]) =>
    list
      .slice(0, 3)
      .map((word) => `'${word}'`)
      .join(', ');
  const title = hits(row.title);
  if (title.length > 0) reasons.push(`title matches ${quoted(title)}`);
  const company = hits(row.company);
  if (company.length > 0) reasons.push(`company matches ${quoted(company)}`);
  const tagged = tags.filter((tag) => hits(tag).length > 0);
  if (tagged.length > 0) reasons.push(`tagged ${quoted(tagged.map((tag) => tag.slice(0, 40)))}`);
  const name = hits(row.name);
  if (name.length > 0) reasons.push(`name matches ${quoted(name)}`);
  // Notes are data: only matched words are named, never the text around them, and never words
  // with digits, which would confirm a phone number or an address held there.
  const notes = hits(row.notes).filter((word) => !/\p{N}/u.test(word));
  if (notes.length > 0) reasons.push(`notes mention ${quoted(notes.map((w) => w.slice(0, 30)))}`);
  if (reasons.length === 0) reasons.push('profile matches words of the query');
  return reasons;
}

function trustReasons(scope: Scope, candidate: Candidate, path: Path, trust: PathTrust): string[] {
  const reasons: string[] = [];
  if (path.kind === 'via_connector') {
    const [first, second] = trust.legs!;
    reasons.push(
      `reachable through ${path.connector.name} (your trust ${first!.score}), who knows them ` +
        `(trust ${second!.score})`,
    );
  }
  const memberId = path.kind === 'direct' ? OWNER_MEMBER_ID : path.connector.id;
  const who = path.kind === 'direct' ? 'you' : path.connector.name;
  const row = candidate.relationships.find((r) => r.member_id === memberId);
  if (!row) {
    reasons.push('no recorded relationship with you or a teammate');
    return reasons;
  }
  if (row.rating !== null) reasons.push(`${who} rated the relationship ${row.rating}/5`);
  if (row.last_two_way_at === null) {
    reasons.push(`no two-way interaction between ${who} and them yet`);
  } else {
    const days = Math.max(0, Math.floor((scope.now - row.last_two_way_at) / 86_400_000));
    reasons.push(
      `${who} last talked with them ${days === 0 ? 'today' : plural(days, 'day') + ' ago'}`,
    );
  }
  if (row.recent > 0) reasons.push(`${plural(row.recent, 'interaction')} in the last 12 months`);
  if (row.intros_made > 0) {
    reasons.push(
      `${plural(row.intros_made, 'intro')} made through ${who === 'you' ? 'you' : who} before`,
    );
  }
  return reasons;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
