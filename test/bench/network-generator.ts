/**
 * Fills a store file with a fictional network for benchmarks: N contacts across 5 members (the
 * owner and 4 teammates who are connectors), 2N interactions, realistic titles, companies, tags
 * and notes. Bulk SQL in large transactions; the trust aggregates are computed in one UPDATE.
 */
import { Store } from '../../src/store/store.ts';

export interface FillOptions {
  /** Interactions to create; default twice the contacts. */
  interactions?: number;
  /** The instant the data is generated around (default AGENTINTROS_NOW, then now). */
  now?: number;
  seed?: number;
}

const FIRST = [
  'Ada',
  'Ben',
  'Chloé',
  'Dev',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Lars',
  'Mina',
  'Nikhil',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Vera',
  'Wen',
  'Yusuf',
];
const LAST = [
  'Abbott',
  'Bauer',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Müller',
  'Novak',
  "O'Brien",
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Van Dijk',
  'Walsh',
  'Yilmaz',
  'Zhang',
  'Okafor',
];
const ROLES = [
  'Partner',
  'Principal',
  'Associate',
  'Angel investor',
  'Seed investor',
  'General Partner',
  'Founder',
  'Co-founder & CEO',
  'CTO',
  'VP Engineering',
  'Engineering Manager',
  'Staff Engineer',
  'Product Manager',
  'Head of Design',
  'Designer',
  'Head of Sales',
  'Account Executive',
  'Data Scientist',
  'ML Engineer',
  'Head of Marketing',
  'Recruiter',
  'CFO',
  'Operations Lead',
  'Developer Advocate',
  'Researcher',
];
const SECTORS = [
  'fintech',
  'climate',
  'health',
  'ai',
  'saas',
  'devtools',
  'payments',
  'edtech',
  'biotech',
  'marketplace',
  'security',
  'crypto',
  'mobility',
  'retail',
  'media',
  'gaming',
  'hardware',
  'insurance',
  'logistics',
  'proptech',
];
const COMPANY_A = [
  'North',
  'Blue',
  'Bright',
  'Iron',
  'Silver',
  'Green',
  'Open',
  'Quantum',
  'Red',
  'Swift',
  'Clear',
  'Deep',
  'True',
  'Next',
  'Prime',
  'Stone',
  'Cloud',
  'Pixel',
  'Arc',
  'Nova',
];
const COMPANY_B = [
  'wind Ventures',
  'field Capital',
  'Labs',
  'works',
  'Systems',
  'Health',
  'Pay',
  'AI',
  'Robotics',
  'Analytics',
  'Studio',
  'Partners',
  'Bank',
  'Logistics',
  'Energy',
  'Security',
  'Games',
  'Media',
];
const CITIES = [
  'Berlin',
  'London',
  'Paris',
  'Amsterdam',
  'Lisbon',
  'Stockholm',
  'New York',
  'San Francisco',
  'Toronto',
  'Singapore',
  'Bangalore',
  'Nairobi',
  'São Paulo',
  'Tokyo',
  'Sydney',
  'Zürich',
];
const NOTES = [
  'Met at a {sector} meetup in {city}; interested in {sector} and {sector2}.',
  'Introduced by a former colleague. Invests in early-stage {sector} teams.',
  'Worked together at {company}. Strong on hiring and {sector2}.',
  'Spoke at the {city} {sector} conference; follow up about a pilot.',
  'Looking for {sector} founders raising a seed round.',
  'Knows the {sector2} scene in {city} well. Prefers a short e-mail first.',
  'Ex-{company}; now advising {sector} startups on go-to-market.',
  '',
];
const KINDS = ['meeting', 'call', 'email', 'message', 'note'] as const;
const DIRECTIONS = ['outbound', 'outbound', 'inbound', 'mutual'] as const;
const TEAMMATES = ['Priya Raman', 'Marco Bianchi', 'Sofia Lindgren', 'Kwame Mensah'];

const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32), so every run builds the same store. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function fillNetwork(path: string, contacts: number, options: FillOptions = {}): void {
  const now =
    options.now ??
    (process.env.AGENTINTROS_NOW ? Date.parse(process.env.AGENTINTROS_NOW) : Date.now());
  const rand = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const interactionCount = options.interactions ?? contacts * 2;
  const store = Store.open({ path });
  const db = store.db;
  try {
    db.pragma('synchronous = OFF');
    const members = ['mb_me'];
    const insertContact = db.prepare(
      'INSERT INTO contacts (id, name, company, title, location, notes, tags, created_at, ' +
        'updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertEmail = db.prepare(
      'INSERT OR IGNORE INTO contact_emails (email_key, contact_id, email, position) VALUES (?, ?, ?, 0)',
    );
    const insertRelationship = db.prepare(
      'INSERT OR IGNORE INTO relationships (member_id, contact_id, connected_on, rating, ' +
        'created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertInteraction = db.prepare(
      'INSERT INTO interactions (member_id, contact_id, kind, direction, at, summary, created_at) ' +
        'VALUES (?, ?, ?, ?, ?, NULL, ?)',
    );
    const relationships: [string, string][] = [];
    const contactId = (n: number) => `ct_bench${n.toString(36).padStart(8, '0')}`;

    const makeContact = (n: number) => {
      const first = pick(FIRST);
      const last = pick(LAST);
      const sector = pick(SECTORS);
      const sector2 = pick(SECTORS);
      const company = `${pick(COMPANY_A)}${pick(COMPANY_B)}`;
      const city = pick(CITIES);
      const notes = pick(NOTES)
        .replaceAll('{sector}', sector)
        .replaceAll('{sector2}', sector2)
        .replaceAll('{city}', city)
        .replaceAll('{company}', company);
      const id = contactId(n);
      insertContact.run(
        id,
        `${first} ${last}`,
        company,
        `${pick(ROLES)}${rand() < 0.4 ? `, ${sector}` : ''}`,
        city,
        notes || null,
        JSON.stringify(rand() < 0.7 ? [...new Set([sector, sector2])] : [sector]),
        now,
        now,
      );
      insertEmail.run(
        `${first}.${last}.${n}@example.com`.toLowerCase(),
        id,
        `${first}.${last}.${n}@example.com`,
      );
      return id;
    };

    store.write(() => {
      // Teammates first: each is a member whose own contact record is in the owner's network.
      TEAMMATES.forEach((name, index) => {
        const id = `ct_benchmate${index}`;
        insertContact.run(id, name, 'AgentIntros', 'Teammate', pick(CITIES), null, '[]', now, now);
        const memberId = `mb_bench${index}`;
        db.prepare(
          'INSERT INTO members (id, name, contact_id, created_at) VALUES (?, ?, ?, ?)',
        ).run(memberId, name, id, now);
        members.push(memberId);
        insertRelationship.run(
          'mb_me',
          id,
          now - 3 * 365 * DAY,
          index < 2 ? 5 - index : null,
          now,
          now,
        );
        relationships.push(['mb_me', id]);
      });
    });

    const batch = 20_000;
    for (let start = 0; start < contacts; start += batch) {
      store.write(() => {
        for (let n = start; n < Math.min(contacts, start + batch); n += 1) {
          const id = makeContact(n);
          // Most contacts belong to one member; one in five is known by a second one too.
          const owners = new Set([members[n % members.length]!]);
          if (rand() < 0.2) owners.add(pick(members));
          for (const member of owners) {
            const connectedOn = now - Math.floor(rand() * 10 * 365) * DAY;
            const rating = rand() < 0.05 ? 1 + Math.floor(rand() * 5) : null;
            insertRelationship.run(member, id, connectedOn, rating, now, now);
            relationships.push([member, id]);
          }
        }
      });
    }

    for (let start = 0; start < interactionCount; start += batch) {
      store.write(() => {
        for (let n = start; n < Math.min(interactionCount, start + batch); n += 1) {
          const [member, contact] = pick(relationships);
          // Skewed towards the recent past: half within a year.
          const ageDays = Math.floor(rand() < 0.5 ? rand() * 365 : rand() * 3650);
          insertInteraction.run(
            member,
            contact,
            pick(KINDS),
            pick(DIRECTIONS),
            now - ageDays * DAY,
            now,
          );
        }
      });
    }

    // The aggregates the trust score reads, computed once from the interactions just written.
    store.write(() => {
      db.exec(`
        UPDATE relationships SET
          interaction_count = a.total, two_way_count = a.two_way,
          inbound_count = a.inbound, outbound_count = a.outbound,
          first_interaction_at = a.first_at, last_interaction_at = a.last_at,
          last_two_way_at = a.last_two_way
        FROM (
          SELECT member_id, contact_id, count(*) AS total,
            sum(kind IN ('meeting', 'call') OR direction <> 'outbound') AS two_way,
            sum(direction = 'inbound') AS inbound, sum(direction = 'outbound') AS outbound,
            min(at) AS first_at, max(at) AS last_at,
            max(CASE WHEN kind IN ('meeting', 'call') OR direction <> 'outbound' THEN at END)
              AS last_two_way
          FROM interactions GROUP BY member_id, contact_id
        ) AS a
        WHERE relationships.member_id = a.member_id AND relationships.contact_id = a.contact_id
      `);
    });
    db.pragma('synchronous = FULL');
    db.exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')");
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    store.close();
  }
}
