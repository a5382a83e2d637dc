import { describe, expect, it } from 'vitest';

import { call, connectInMemory } from '../helpers/mcp.ts';
import { recentMeetings, seedContact, seedRequest, seedTeammate } from '../helpers/network.ts';
import { openTestServices } from '../helpers/store.ts';

const HOSTILE = [
  '"',
  '""',
  "'",
  'investor"',
  'AND (',
  'NEAR(',
  'NEAR(investor fintech, 2)',
  '*',
  'invest*',
  '^investor',
  'title:investor',
  '{title}: investor',
  '-investor',
  '+',
  'OR OR OR',
  'NOT',
  "'; DROP TABLE contacts; --",
  '😀🚀 investor 🦄',
  '🦄',
  '\u200b',
  '   ',
  'x'.repeat(10_000),
  'investor '.repeat(1111),
  'a'.repeat(9_999) + '"',
];

/**
 * Ines's e-mail, phone and notes as they would show in a reply: an e-mail's `@`, the phone's
 * digits with or without their space (random ids are hex: a bare 555 or 0100 may well appear in
 * one), or the notes.
 */
const PRIVATE = /@|555 ?0100|Call her/;

function network() {
  const t = openTestServices();
  const { services } = t;
  const now = services.clock.now();
  const ids = {
    investor: seedContact(services, {
      name: 'Ines Vale',
      title: 'Partner, seed investor',
      company: 'Northwind Ventures',
      tags: ['fintech', 'investor'],
      notes: 'Call her on +1 555 0100 or ines@northwind.example; likes payments startups.',
      emails: ['ines@northwind.example'],
      phones: ['+1 555 0100'],
      connectedOn: '2019-01-10',
      interactions: recentMeetings(now),
    }),
    angel: seedContact(services, {
      name: 'Arun Mehta',
      title: 'Angel investor',
      company: 'Self',
      tags: ['investor'],
      emails: ['arun@example.com'],
    }),
    chef: seedContact(services, { name: 'Carla Chef', title: 'Head chef', company: 'Bistro' }),
  };
  return { ...t, ids };
}

describe('search_contacts', () => {
  it('never errors on hostile search text: results or an empty list', async () => {
    const { services } = network();
    const client = await connectInMemory(services);
    for (const query of HOSTILE) {
      const reply = await call(client, 'search_contacts', { query });
      expect(reply.isError, `${query.slice(0, 30)}: ${reply.text.slice(0, 200)}`).toBe(false);
      expect(Array.isArray(reply.data.contacts)).toBe(true);
    }
    const count = services.store.db.prepare('SELECT count(*) AS n FROM contacts').get() as {
      n: number;
    };
    expect(count.n).toBe(3);
  });

  it('finds contacts by title, company, tags and notes, best first', async () => {
    const { services, ids } = network();
    const client = await connectInMemory(services);
    const reply = await call(client, 'search_contacts', { query: 'investors' });
    expect(reply.data.contacts.map((hit: any) => hit.contact.id)).toEqual([
      ids.investor,
      ids.angel,
    ]);
    expect(reply.data.contacts[0].reasons).toContain("title matches 'investor'");
    const notes = await call(client, 'search_contacts', { query: 'payments' });
    expect(notes.data.contacts[0].reasons).toContain("notes mention 'payments'");
  });

  it('returns no e-mails, phones or notes in any result', async () => {
    const { services } = network();
    const client = await connectInMemory(services);
    for (const query of ['investor', 'ines', 'northwind 555 0100', 'example']) {
      const reply = await call(client, 'search_contacts', { query });
      expect(reply.text).not.toMatch(PRIVATE);
    }
  });

  it('flags do-not-introduce contacts instead of hiding them', async () => {
    const { services } = openTestServices();
    seedContact(services, { name: 'Dana Do', title: 'investor', doNotIntroduce: true });
    const client = await connectInMemory(services);
    const reply = await call(client, 'search_contacts', { query: 'investor' });
    expect(reply.data.contacts[0].doNotIntroduce).toBe(true);
  });
});

describe('list_matches', () => {
  it('never errors on hostile request text', async () => {
    const { services } = network();
    const client = await connectInMemory(services);
    for (const text of HOSTILE) {
      const request = seedRequest(services, {
        subject: text.slice(0, 200),
        target: text.slice(0, 200),
        context: text.slice(0, 4000),
      });
      const reply = await call(client, 'list_matches', { requestId: request.id });
      expect(reply.isError, reply.text.slice(0, 200)).toBe(false);
    }
  });

  it('answers NOT_FOUND naming list_intro_requests for an unknown request', async () => {
    const { services } = network();
    const client = await connectInMemory(services);
    const reply = await call(client, 'list_matches', { requestId: 'ir_nope' });
    expect(reply.code).toBe('NOT_FOUND');
    expect(reply.text).toContain('list_intro_requests');
  });

  it('gives each match the contract shape, with factors adding up to the trust score', async () => {
    const { services, ids } = network();
    const client = await connectInMemory(services);
    const request = seedRequest(services, { subject: 'Founder', target: 'fintech investors' });
    const reply = await call(client, 'list_matches', { requestId: request.id });
    expect(reply.isError).toBe(false);
    const [first] = reply.data.matches;
    expect(first.contact).toEqual({
      id: ids.investor,
      name: 'Ines Vale',
      title: 'Partner, seed investor',
      company: 'Northwind Ventures',
      tags: ['fintech', 'investor'],
    });
    expect(first.path).toEqual({ kind: 'direct' });
    const sum = first.trust.factors.reduce((s: number, f: any) => s + f.contribution, 0);
    expect(Number(sum.toFixed(4))).toBe(first.trustScore);
    expect(first.score).toBeCloseTo(0.6 * first.relevance + 0.4 * first.trustScore, 4);
    expect(first.reasons.join(' ')).toMatch(/last talked with them 7 days ago/);
    expect(reply.text).not.toMatch(PRIVATE);
  });

  it('ranks a contact rated 5 above an unrated one of equal relevance', async () => {
    const { services } = openTestServices();
    const unrated = seedContact(services, { name: 'Uma One', title: 'climate investor' });
    const rated = seedContact(services, { name: 'Uma Two', title: 'climate investor', rating: 5 });
    const client = await connectInMemory(services);
    const request = seedRequest(services, { subject: 'A founder', target: 'climate investor' });
    const { data } = await call(client, 'list_matches', { requestId: request.id });
    expect(data.matches.map((m: any) => m.contact.id)).toEqual([rated, unrated]);
    expect(data.matches[0].relevance).toBe(data.matches[1].relevance);
    expect(data.matches[0].trustScore).toBe(1);
  });

  it('keeps trust at or below 0.30 without a two-way interaction', async () => {
    const { services } = openTestServices();
    const now = services.clock.now();
    seedContact(services, {
      name: 'Olga Outbound',
      title: 'investor',
      connectedOn: '2010-01-01',
      tags: ['investor'],
      interactions: Array.from({ length: 20 }, (_, n) => ({
        kind: 'email' as const,
        direction: 'outbound' as const,
        at: new Date(now - (n + 1) * 86_400_000).toISOString(),
      })),
    });
    const client = await connectInMemory(services);
    const request = seedRequest(services, { subject: 'A founder', target: 'investor' });
    const { data } = await call(client, 'list_matches', { requestId: request.id });
    expect(data.matches[0].trustScore).toBeLessThanOrEqual(0.3);
    expect(data.matches[0].trust.factors.map((f: any) => f.name)).toContain(
      'cap: no two-way interaction',
    );
  });

  it('excludes do-not-introduce contacts', async () => {
    const { services } = openTestServices();
    const kept = seedContact(services, { name: 'Kim Kept', title: 'investor' });
    seedContact(services, { name: 'Dana Do', title: 'investor', doNotIntroduce: true });
    const client = await connectInMemory(services);
    const request = seedRequest(services, { subject: 'A founder', target: 'investor' });
    const { data } = await call(client, 'list_matches', { requestId: request.id });
    expect(data.matches.map((m: any) => m.contact.id)).toEqual([kept]);
  });

  it("scores a connector path as the product of its two legs' trust", async () => {
    const { services } = openTestServices();
    const now = services.clock.now();
    const priya = seedTeammate(services, 'Priya Raman', { title: 'Engineer', rating: 4 });
    const target = seedContact(services, {
      name: 'Theo Target',
      title: 'fintech investor',
      member: priya.memberId,
      connectedOn: '2020-05-01',
      interactions: recentMeetings(now, 3),
    });
    const client = await connectInMemory(services);
    const request = seedRequest(services, { subject: 'A founder', target: 'fintech investor' });
    const { data } = await call(client, 'list_matches', { requestId: request.id });
    const match = data.matches.find((m: any) => m.contact.id === target);
    expect(match.path).toEqual({
      kind: 'via_connector',
      connector: { id: priya.memberId, name: 'Priya Raman' },
    });
    expect(match.trust.factors).toEqual([]);
    const [first, second] = match.trust.legs;
    expect(first).toMatchObject({ memberId: 'mb_me', contactId: priya.contactId, score: 0.8 });
    expect(second).toMatchObject({ memberId: priya.memberId, contactId: target });
    for (const leg of match.trust.legs) {
      const sum = leg.factors.reduce((s: number, f: any) => s + f.contribution, 0);
      expect(Number(sum.toFixed(4))).toBe(leg.score);
    }
    expect(match.trustScore).toBeCloseTo(first.score * second.score, 4);
    expect(match.reasons[1]).toMatch(/reachable through Priya Raman/);

    const path = services.network.pathTrust(target, { connectorId: priya.memberId });
    expect(path.score).toBe(match.trustScore);
  });

  it('picks the direct path when it beats the connector path', () => {
    const { services } = openTestServices();
    const priya = seedTeammate(services, 'Priya Raman', { rating: 2 });
    const target = seedContact(services, { name: 'Theo Target', title: 'investor', rating: 4 });
    seedContactRelationship(services, priya.memberId, target);
    const best = services.network.bestPath(target);
    expect(best.path).toEqual({ kind: 'direct' });
    expect(best.trust.score).toBe(0.8);
  });

  it('ranks the contact a one-word target names above contacts sharing only the subject words', () => {
    const { services } = openTestServices();
    const cardiologist = seedContact(services, { name: 'Ann Heart', title: 'Cardiologist' });
    for (let n = 0; n < 3; n += 1) {
      seedContact(services, { name: `Founder ${n}`, title: 'Fintech startup founder' });
    }
    for (let n = 0; n < 10; n += 1) seedContact(services, { name: `Baker ${n}`, title: 'Baker' });
    const request = seedRequest(services, {
      subject: 'Fintech startup founder raising',
      target: 'a cardiologist',
    });
    const { matches } = services.network.listMatches(request, { minTrustScore: 0, limit: 10 });
    expect(matches[0]!.contact.id).toBe(cardiologist);
  });

  it('filters by minTrustScore', async () => {
    const { services } = openTestServices();
    seedContact(services, { name: 'Low', title: 'investor', rating: 1 });
    const high = seedContact(services, { name: 'High', title: 'investor', rating: 4 });
    const client = await connectInMemory(services);
    const request = seedRequest(services, { subject: 'A founder', target: 'investor' });
    const { data } = await call(client, 'list_matches', {
      requestId: request.id,
      minTrustScore: 0.5,
    });
    expect(data.matches.map((m: any) => m.contact.id)).toEqual([high]);
  });

  it('pages through 500 matches, each exactly once and in order', async () => {
    const { services } = openTestServices();
    const now = services.clock.now();
    for (let n = 0; n < 500; n += 1) {
      seedContact(services, {
        name: `Person ${n}`,
        title: n % 3 === 0 ? 'seed investor' : 'investor',
        rating: n % 7 === 0 ? (n % 5) + 1 : undefined,
        interactions: n % 4 === 0 ? recentMeetings(now, 1) : [],
      });
    }
    const client = await connectInMemory(services);
    const request = seedRequest(services, { subject: 'A founder', target: 'seed investor' });
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const reply = await call(client, 'list_matches', {
        requestId: request.id,
        limit: 50,
        ...(cursor ? { cursor } : {}),
      });
      expect(reply.isError, reply.text).toBe(false);
      seen.push(...reply.data.matches);
      cursor = reply.data.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(500);
    expect(new Set(seen.map((m) => m.contact.id)).size).toBe(500);
    for (let i = 1; i < seen.length; i += 1) {
      const [a, b] = [seen[i - 1], seen[i]];
      expect(a.score > b.score || (a.score === b.score && a.contact.id < b.contact.id)).toBe(true);
    }
  });

  it('refuses a cursor issued for another query', async () => {
    const { services } = openTestServices();
    for (let n = 0; n < 3; n += 1) seedContact(services, { name: `P${n}`, title: 'investor' });
    const client = await connectInMemory(services);
    const first = await call(client, 'search_contacts', { query: 'investor', limit: 1 });
    const other = await call(client, 'search_contacts', {
      query: 'chef',
      cursor: first.data.nextCursor,
    });
    expect(other.code).toBe('VALIDATION_ERROR');
    const junk = await call(client, 'search_contacts', { query: 'investor', cursor: 'zzz' });
    expect(junk.code).toBe('VALIDATION_ERROR');
  });
});

function seedContactRelationship(services: any, memberId: string, contactId: string) {
  services.store.db
    .prepare(
      'INSERT INTO relationships (member_id, contact_id, created_at, updated_at) VALUES (?, ?, 0, 0)',
    )
    .run(memberId, contactId);
}
