/**
 * Contact and member rows as the network reads them: the public profile, the private details the
 * CLI shows (e-mails, phones, notes), and the two flags people set (opt-in, do-not-introduce).
 */
import { statement } from './statements.ts';
import type { Db } from './store.ts';

export type OptIn = 'ask_first' | 'ok_direct';

export interface ContactRow {
  rowid: number;
  id: string;
  name: string;
  company: string | null;
  title: string | null;
  location: string | null;
  linkedin_url: string | null;
  notes: string | null;
  tags: string;
  sources: string;
  opt_in: OptIn;
  do_not_introduce: 0 | 1;
  created_at: number;
  updated_at: number;
}

export interface MemberRow {
  id: string;
  name: string;
  contact_id: string | null;
  created_at: number;
}

export interface NewContact {
  id: string;
  name: string;
  company?: string | null;
  title?: string | null;
  location?: string | null;
  notes?: string | null;
  tags?: readonly string[];
  emails?: readonly string[];
  phones?: readonly string[];
}

/** A JSON array of strings as stored in a TEXT column (tags, sources); anything else reads as []. */
export function parseStringList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

export class ContactRows {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(id: string): ContactRow | undefined {
    return statement(this.#db, 'SELECT rowid, * FROM contacts WHERE id = ?').get(id) as
      ContactRow | undefined;
  }

  /** The first `limit` contacts by name, for a listing without a query. */
  list(limit: number): ContactRow[] {
    return statement(
      this.#db,
      'SELECT rowid, * FROM contacts ORDER BY name COLLATE NOCASE, company COLLATE NOCASE, id LIMIT ?',
    ).all(limit) as ContactRow[];
  }

  emails(id: string): string[] {
    return (
      statement(
        this.#db,
        'SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY position, email',
      ).all(id) as { email: string }[]
    ).map((row) => row.email);
  }

  phones(id: string): string[] {
    return (
      statement(
        this.#db,
        'SELECT phone FROM contact_phones WHERE contact_id = ? ORDER BY position, phone',
      ).all(id) as { phone: string }[]
    ).map((row) => row.phone);
  }

  /** The phone numbers of each of the given contacts (none for a contact with none). */
  phonesOf(ids: readonly string[]): Map<string, string[]> {
    const rows = statement(
      this.#db,
      'SELECT contact_id, phone FROM contact_phones ' +
        'WHERE contact_id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(ids)) as { contact_id: string; phone: string }[];
    const phones = new Map<string, string[]>();
    for (const row of rows) {
      const list = phones.get(row.contact_id);
      if (list) list.push(row.phone);
      else phones.set(row.contact_id, [row.phone]);
    }
    return phones;
  }

  setOptIn(id: string, optIn: OptIn, now: number): void {
    statement(this.#db, 'UPDATE contacts SET opt_in = ?, updated_at = ? WHERE id = ?').run(
      optIn,
      now,
      id,
    );
  }

  setDoNotIntroduce(id: string, value: boolean, now: number): void {
    statement(
      this.#db,
      'UPDATE contacts SET do_not_introduce = ?, updated_at = ? WHERE id = ?',
    ).run(value ? 1 : 0, now, id);
  }

  /** Inserts a contact with its e-mails and phones (test seeding and the benchmark generator). */
  insert(contact: NewContact, now: number): void {
    statement(
      this.#db,
      'INSERT INTO contacts (id, name, company, title, location, notes, tags, created_at, ' +
        'updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      contact.id,
      contact.name,
      contact.company ?? null,
      contact.title ?? null,
      contact.location ?? null,
      contact.notes ?? null,
      JSON.stringify(contact.tags ?? []),
      now,
      now,
    );
    const email = statement(
      this.#db,
      'INSERT INTO contact_emails (email_key, contact_id, email, position) VALUES (?, ?, ?, ?)',
    );
    (contact.emails ?? []).forEach((address, position) =>
      email.run(address.trim().toLowerCase(), contact.id, address, position),
    );
    const phone = statement(
      this.#db,
      'INSERT INTO contact_phones (contact_id, phone, position) VALUES (?, ?, ?)',
    );
    (contact.phones ?? []).forEach((number, position) => phone.run(contact.id, number, position));
  }
}

export class MemberRows {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  all(): MemberRow[] {
    return statement(
      this.#db,
      'SELECT * FROM members ORDER BY created_at, id',
    ).all() as MemberRow[];
  }

  get(id: string): MemberRow | undefined {
    return statement(this.#db, 'SELECT * FROM members WHERE id = ?').get(id) as
      MemberRow | undefined;
  }

  /** By id, or by name ignoring case and runs of spaces: what `--member NAME_OR_ID` accepts. */
  find(nameOrId: string): MemberRow | undefined {
    return statement(
      this.#db,
      'SELECT * FROM members WHERE id = ? OR name = ? COLLATE NOCASE ORDER BY id LIMIT 1',
    ).get(nameOrId, nameOrId.trim().replace(/\s+/g, ' ')) as MemberRow | undefined;
  }

  insert(member: { id: string; name: string; contactId: string | null }, now: number): void {
    statement(
      this.#db,
      'INSERT INTO members (id, name, contact_id, created_at) VALUES (?, ?, ?, ?)',
    ).run(member.id, member.name, member.contactId, now);
  }
}

export const parseTags = parseStringList;
