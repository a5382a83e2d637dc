/**
 * Writes imported records into the store (SPEC §7): a row seen before for this member and format
 * is left alone; otherwise it merges into the contact with its UID, then an e-mail, then its
 * LinkedIn URL, or becomes a new contact. Merging fills blanks and unions lists, never overwrites.
 * The SQL lives here rather than in src/store because it is only the importer's.
 */
import type { Clock } from '../domain/clock.ts';
import { newId } from '../domain/ids.ts';
import { MemberRows, parseStringList } from '../store/contacts.ts';
import {
  DROP_FTS_SYNC_TRIGGERS,
  FTS_SYNC_TRIGGERS,
  ftsKey,
  OWNER_MEMBER_ID,
} from '../store/schema.ts';
import type { Db } from '../store/store.ts';
import { rowFingerprint } from './fingerprint.ts';
import { KeyFilter, SameNameIndex } from './known-keys.ts';
import { cleanText } from './normalise.ts';
import type { ContactRecord, ImportFormat } from './record.ts';

export type RowOutcome = 'created' | 'merged' | 'unchanged';

export interface PossibleDuplicate {
  line: number;
  name: string;
  company: string | null;
  contactId: string;
  otherContactId: string;
  reason: 'same name and company' | 'shares an e-mail' | 'shares a LinkedIn URL' | 'shares a UID';
}

export interface AppliedRow {
  outcome: RowOutcome;
  contactId: string;
  /** Whether the store changed: a new contact, a filled field, a new e-mail or relationship. */
  changed: boolean;
  duplicates: PossibleDuplicate[];
}

interface ContactState {
  rowid: number;
  id: string;
  name: string;
  company: string | null;
  title: string | null;
  location: string | null;
  linkedin_url: string | null;
  uid: string | null;
  notes: string | null;
  tags: string;
  sources: string;
}

/** The key dedupe compares for a canonical profile URL: `linkedin.com/in/slug`. */
export function linkedinKey(url: string): string {
  return url.replace(/^https:\/\/www\./, '');
}

function prepare(db: Db) {
  return {
    seenRow: db.prepare<[string, string, string], { contact_id: string }>(
      'SELECT contact_id FROM import_rows WHERE member_id = ? AND format = ? AND fingerprint = ?',
    ),
    seenRowCount: db
      .prepare<[string, string], number>(
        'SELECT count(*) FROM import_rows WHERE member_id = ? AND format = ?',
      )
      .pluck(),
    /**
     * Changes when another connection commits: between two batches, the import_rows count alone
     * would miss a delete plus an insert. (total_changes() would also see this connection's
     * writes, but FTS5 writes its segments at COMMIT.) Only the CLI imports, one import a process.
     */
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    byUid: db.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE uid = ?'),
    byEmail: db.prepare<[string], { contact_id: string }>(
      'SELECT contact_id FROM contact_emails WHERE email_key = ?',
    ),
    byLinkedin: db.prepare<[string], { id: string }>(
      'SELECT id FROM contacts WHERE linkedin_key = ?',
    ),
    contact: db.prepare<[string], ContactState>(
      'SELECT rowid, id, name, company, title, location, linkedin_url, uid, notes, tags, sources ' +
        'FROM contacts WHERE id = ?',
    ),
    insertContact: db.prepare(
      'INSERT INTO contacts (id, name, company, title, location, linkedin_url, linkedin_key, uid, ' +
        'notes, tags, sources, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    updateContact: db.prepare(
      'UPDATE contacts SET company = ?, title = ?, location = ?, linkedin_url = ?, ' +
        'linkedin_key = ?, uid = ?, notes = ?, tags = ?, sources = ?, updated_at = ? WHERE id = ?',
    ),
    lastEmail: db.prepare<[string], { position: number | null }>(
      'SELECT max(position) AS position FROM contact_emails WHERE contact_id = ?',
    ),
    addEmail: db.prepare(
      'INSERT OR IGNORE INTO contact_emails (email_key, contact_id, email, position) ' +
        'VALUES (?, ?, ?, ?)',
    ),
    lastPhone: db.prepare<[string], { position: number | null }>(
      'SELECT max(position) AS position FROM contact_phones WHERE contact_id = ?',
    ),
    addPhone: db.prepare(
      'INSERT OR IGNORE INTO contact_phones (contact_id, phone, position) VALUES (?, ?, ?)',
    ),
    addSeenRows: db.prepare<[string, string, string]>(
      'INSERT OR IGNORE INTO import_rows (member_id, format, fingerprint, contact_id) ' +
        'SELECT ?, ?, value ->> 0, value ->> 1 FROM json_each(?) ORDER BY value ->> 0',
    ),
    addRelationships: db.prepare<[string, number, number, string]>(
      'INSERT OR IGNORE INTO relationships (member_id, contact_id, connected_on, created_at, ' +
        'updated_at) SELECT ?, value ->> 0, value ->> 1, ?, ? FROM json_each(?)',
    ),
    addRelationship: db.prepare(
      'INSERT OR IGNORE INTO relationships (member_id, contact_id, connected_on, created_at, ' +
        'updated_at) VALUES (?, ?, ?, ?, ?)',
    ),
    lastRowid: db.prepare<[], { rowid: number }>(
      'SELECT coalesce(max(rowid), 0) AS rowid FROM contacts',
    ),
    indexCreated: db.prepare<[number]>(
      'INSERT INTO contacts_fts (rowid, name, title, company, tags, notes) ' +
        `SELECT ${ftsKey('contacts')}, name, title, company, tags, notes FROM contacts ` +
        'WHERE rowid > ?',
    ),
    // An import changes no warmth, so a contact's key is the same before and after its update;
    // a contentless index forgets a row when given the values it indexed.
    unindex: db.prepare(
      'INSERT INTO contacts_fts (contacts_fts, rowid, name, title, company, tags, notes) ' +
        `VALUES ('delete', (SELECT ${ftsKey('contacts')} FROM contacts WHERE rowid = ?), ` +
        '?, ?, ?, ?, ?)',
    ),
    reindex: db.prepare<[number]>(
      'INSERT INTO contacts_fts (rowid, name, title, company, tags, notes) ' +
        `SELECT ${ftsKey('contacts')}, name, title, company, tags, notes FROM contacts ` +
        'WHERE rowid = ?',
    ),
    fillConnectedOn: db.prepare(
      'UPDATE relationships SET connected_on = ?, updated_at = ? ' +
        'WHERE member_id = ? AND contact_id = ? AND connected_on IS NULL',
    ),
  };
}

export class ContactWriter {
  readonly #db: Db;
  readonly #sql: ReturnType<typeof prepare>;
  readonly #memberId: string;
  readonly #format: ImportFormat;
  readonly #now: number;
  readonly #clock: Clock;
  /** Contacts indexed before this batch and changed in it, with the values the index holds. */
  readonly #stale = new Map<number, ContactState>();
  /** The highest contact rowid when the batch began: rows above it are the batch's own. */
  #batchFrom = 0;
  /**
   * The batch's new import_rows (fingerprint -> contact) and its new contacts' relationships
   * (contact -> connected on), written in one statement each at endBatch: two statements per row
   * cost more than the B-tree work they did.
   */
  readonly #newSeenRows = new Map<string, string>();
  /**
   * A first import finds none of its rows in import_rows, yet the lookup cost 0.5 s per 100k rows.
   * While import_rows holds, for this member and format, only the rows this import wrote, a
   * fingerprint whose short hash is not in #ownFingerprints cannot be there.
   */
  readonly #ownFingerprints = new Set<number>();
  #ownSeenRows = 0;
  #onlyOwnSeenRows = false;
  /** data_version in the last batch; another value at the next batch means others wrote. */
  #dataVersion: number | undefined;
  readonly #newRelationships = new Map<string, number | null>();
  /**
   * Which UIDs, e-mails, LinkedIn keys and names the store may hold: most rows of a large import
   * match nothing, and those lookups cost 1 s per 100k rows. Dropped whenever another connection
   * has written between two batches.
   */
  readonly #uids: KeyFilter;
  readonly #emails: KeyFilter;
  readonly #linkedinKeys: KeyFilter;
  readonly #names: SameNameIndex;
  relationshipsCreated = 0;

  constructor(
    db: Db,
    options: { memberId: string; format: ImportFormat; now: number; clock: Clock },
  ) {
    this.#clock = options.clock;
    this.#db = db;
    this.#sql = prepare(db);
    const keys = (sql: string) => {
      const statement = db.prepare<[], string>(sql).pluck();
      return () => statement.iterate();
    };
    this.#uids = new KeyFilter(keys('SELECT uid FROM contacts WHERE uid IS NOT NULL'));
    this.#emails = new KeyFilter(keys('SELECT email_key FROM contact_emails'));
    this.#linkedinKeys = new KeyFilter(
      keys('SELECT linkedin_key FROM contacts WHERE linkedin_key IS NOT NULL'),
    );
    this.#names = new SameNameIndex(db);
    this.#memberId = options.memberId;
    this.#format = options.format;
    this.#now = options.now;
  }

  /**
   * Call inside the write transaction before the batch's first apply. The FTS sync triggers are
   * dropped until endBatch, which indexes the batch's contacts in one statement and creates them
   * again; a batch that fails rolls back with its transaction, the triggers' drop included.
   */
  beginBatch(): void {
    // Checked at every batch: another process may write import_rows between batches, and once
    // one has written anything, this import looks every row up until it ends.
    const version = this.#sql.dataVersion.get()!;
    const alone = this.#dataVersion === undefined || this.#dataVersion === version;
    this.#dataVersion = version;
    if (!alone) {
      this.#uids.forget();
      this.#emails.forget();
      this.#linkedinKeys.forget();
      this.#names.forget();
    }
    this.#onlyOwnSeenRows =
      alone &&
      (this.#ownSeenRows === 0 || this.#onlyOwnSeenRows) &&
      this.#sql.seenRowCount.get(this.#memberId, this.#format) === this.#ownSeenRows;
    this.#db.exec(DROP_FTS_SYNC_TRIGGERS);
    this.#batchFrom = this.#sql.lastRowid.get()!.rowid;
  }

  /** Call in the same transaction after the batch's last apply. */
  endBatch(): void {
    const sql = this.#sql;
    if (this.#newSeenRows.size > 0) {
      const rows = JSON.stringify([...this.#newSeenRows]);
      this.#ownSeenRows += sql.addSeenRows.run(this.#memberId, this.#format, rows).changes;
    }
    if (this.#newRelationships.size > 0) {
      const rows = JSON.stringify([...this.#newRelationships]);
      sql.addRelationships.run(this.#memberId, this.#now, this.#now, rows);
    }
    this.#newSeenRows.clear();
    this.#newRelationships.clear();
    sql.indexCreated.run(this.#batchFrom);
    for (const old of this.#stale.values()) {
      sql.unindex.run(old.rowid, old.name, old.title, old.company, old.tags, old.notes);
      sql.reindex.run(old.rowid);
    }
    this.#stale.clear();
    this.#db.exec(FTS_SYNC_TRIGGERS);
  }

  /**
   * Call inside a write transaction, between beginBatch and endBatch; `fingerprint` is the
   * record's rowFingerprint when the reader has computed it already.
   */
  apply(line: number, record: ContactRecord, fingerprint = rowFingerprint(record)): AppliedRow {
    const seen =
      this.#newSeenRows.get(fingerprint) ??
      (this.#onlyOwnSeenRows && !this.#ownFingerprints.has(shortHash(fingerprint))
        ? undefined
        : this.#sql.seenRow.get(this.#memberId, this.#format, fingerprint)?.contact_id);
    if (seen !== undefined) {
      const related = this.#relate(seen, record.connectedOn);
      return { outcome: 'unchanged', contactId: seen, changed: related, duplicates: [] };
    }

    const key = record.linkedinUrl ? linkedinKey(record.linkedinUrl) : null;
    const match =
      (record.uid ? this.#uidHolder(record.uid) : undefined) ??
      this.#firstEmailOwner(record.emails) ??
      (key ? this.#linkedinHolder(key) : undefined);

    let applied: AppliedRow;
    if (match) {
      const merged = this.#merge(line, match, record, key);
      applied = { outcome: 'merged', contactId: match, ...merged };
    } else {
      const created = this.#create(record, key);
      const id = created.id;
      applied = { outcome: 'created', contactId: id, changed: true, duplicates: [] };
      applied.duplicates = this.#sameNameCompany(line, created, record);
      // A contact created just now has no relationship yet.
      this.#newRelationships.set(id, record.connectedOn);
      this.relationshipsCreated += 1;
    }
    // Neither the store nor this batch holds the fingerprint: it was looked up above.
    this.#newSeenRows.set(fingerprint, applied.contactId);
    this.#ownFingerprints.add(shortHash(fingerprint));
    if (applied.outcome === 'merged' && this.#relate(match!, record.connectedOn)) {
      applied.changed = true;
    }
    return applied;
  }

  #firstEmailOwner(emails: string[]): string | undefined {
    for (const email of emails) {
      const owner = this.#emailHolder(email);
      if (owner !== undefined) return owner;
    }
    return undefined;
  }

  #uidHolder(uid: string): string | undefined {
    return this.#uids.mayHold(uid) ? this.#sql.byUid.get(uid)?.id : undefined;
  }

  #emailHolder(email: string): string | undefined {
    return this.#emails.mayHold(email) ? this.#sql.byEmail.get(email)?.contact_id : undefined;
  }

  #linkedinHolder(key: string): string | undefined {
    return this.#linkedinKeys.mayHold(key) ? this.#sql.byLinkedin.get(key)?.id : undefined;
  }

  #create(record: ContactRecord, key: string | null): { rowid: number; id: string } {
    // The id's time part comes from the running clock, not the import's start: ids created in
    // order land at the end of every index keyed by contact id instead of at random places.
    const id = newId('contact', this.#clock.now());
    const { lastInsertRowid } = this.#sql.insertContact.run(
      id,
      record.name,
      record.company,
      record.title,
      record.location,
      record.linkedinUrl,
      key,
      record.uid,
      record.notes,
      JSON.stringify(record.tags),
      JSON.stringify([this.#format]),
      this.#now,
      this.#now,
    );
    if (key !== null) this.#linkedinKeys.add(key);
    if (record.uid !== null) this.#uids.add(record.uid);
    // Nothing else holds these: every one was looked up and missed before creating.
    record.emails.forEach((email, position) => {
      this.#sql.addEmail.run(email, id, email, position);
      this.#emails.add(email);
    });
    record.phones.forEach((phone, position) => this.#sql.addPhone.run(id, phone, position));
    return { rowid: Number(lastInsertRowid), id };
  }

  #merge(
    line: number,
    id: string,
    record: ContactRecord,
    key: string | null,
  ): { changed: boolean; duplicates: PossibleDuplicate[] } {
    const current = this.#sql.contact.get(id)!;
    const duplicates: PossibleDuplicate[] = [];
    const conflict = (otherContactId: string, reason: PossibleDuplicate['reason']) =>
      duplicates.push({
        line,
        name: record.name,
        company: record.company,
        contactId: id,
        otherContactId,
        reason,
      });

    let linkedinUrl = current.linkedin_url;
    if (linkedinUrl === null && key !== null) {
      const holder = this.#linkedinHolder(key);
      if (holder === undefined) linkedinUrl = record.linkedinUrl;
      else if (holder !== id) conflict(holder, 'shares a LinkedIn URL');
    }
    let uid = current.uid;
    if (uid === null && record.uid !== null) {
      const holder = this.#uidHolder(record.uid);
      if (holder === undefined) uid = record.uid;
      else if (holder !== id) conflict(holder, 'shares a UID');
    }
    const next = {
      company: current.company ?? record.company,
      title: current.title ?? record.title,
      location: current.location ?? record.location,
      linkedinUrl,
      uid,
      notes: mergeNotes(current.notes, record.notes),
      tags: unionJson(current.tags, record.tags, (tag) => tag.toLowerCase()),
      sources: unionJson(current.sources, [this.#format], (source) => source),
    };
    let changed =
      next.company !== current.company ||
      next.title !== current.title ||
      next.location !== current.location ||
      next.linkedinUrl !== current.linkedin_url ||
      next.uid !== current.uid ||
      next.notes !== current.notes ||
      next.tags !== current.tags ||
      next.sources !== current.sources;
    if (changed) {
      const indexed =
        next.company !== current.company ||
        next.title !== current.title ||
        next.notes !== current.notes ||
        next.tags !== current.tags;
      if (indexed && current.rowid <= this.#batchFrom && !this.#stale.has(current.rowid)) {
        this.#stale.set(current.rowid, current);
      }
      this.#sql.updateContact.run(
        next.company,
        next.title,
        next.location,
        next.linkedinUrl,
        next.linkedinUrl ? linkedinKey(next.linkedinUrl) : null,
        next.uid,
        next.notes,
        next.tags,
        next.sources,
        this.#now,
        id,
      );
      if (next.linkedinUrl !== null) this.#linkedinKeys.add(linkedinKey(next.linkedinUrl));
      if (next.uid !== null) this.#uids.add(next.uid);
      if (next.company !== current.company) {
        this.#names.changed(current, current.name, current.company, next.company);
      }
    }

    let emailPosition = (this.#sql.lastEmail.get(id)?.position ?? -1) + 1;
    for (const email of record.emails) {
      if (this.#sql.addEmail.run(email, id, email, emailPosition).changes > 0) {
        this.#emails.add(email);
        emailPosition += 1;
        changed = true;
        continue;
      }
      const holder = this.#sql.byEmail.get(email)?.contact_id;
      if (holder !== undefined && holder !== id) conflict(holder, 'shares an e-mail');
    }
    let phonePosition = (this.#sql.lastPhone.get(id)?.position ?? -1) + 1;
    for (const phone of record.phones) {
      if (this.#sql.addPhone.run(id, phone, phonePosition).changes > 0) {
        phonePosition += 1;
        changed = true;
      }
    }
    return { changed, duplicates };
  }

  #sameNameCompany(
    line: number,
    created: { rowid: number; id: string },
    record: ContactRecord,
  ): PossibleDuplicate[] {
    const id = created.id;
    const others = this.#names.othersOf(created, record.name, record.company);
    return others.map((otherContactId) => ({
      line,
      name: record.name,
      company: record.company,
      contactId: id,
      otherContactId,
      reason: 'same name and company' as const,
    }));
  }

  /** Makes sure the member -> contact relationship exists; true when this changed anything. */
  #relate(contactId: string, connectedOn: number | null): boolean {
    const sql = this.#sql;
    const now = this.#now;
    const pending = this.#newRelationships.get(contactId);
    if (pending !== undefined || this.#newRelationships.has(contactId)) {
      if (pending !== null || connectedOn === null) return false;
      this.#newRelationships.set(contactId, connectedOn);
      return true;
    }
    if (sql.addRelationship.run(this.#memberId, contactId, connectedOn, now, now).changes > 0) {
      this.relationshipsCreated += 1;
      return true;
    }
    if (connectedOn === null) return false;
    return sql.fillConnectedOn.run(connectedOn, now, this.#memberId, contactId).changes > 0;
  }
}

/** 30 bits of a base64url fingerprint, as a small integer: a Set of them costs little memory. */
function shortHash(fingerprint: string): number {
  let hash = 0;
  for (let i = 0; i < 5; i += 1) hash = (hash << 6) ^ fingerprint.charCodeAt(i);
  return hash & 0x3fffffff;
}

/** Notes never lose text: new notes are appended unless already contained. */
function mergeNotes(current: string | null, incoming: string | null): string | null {
  if (incoming === null || current === incoming) return current;
  if (current === null) return incoming;
  if (current.includes(incoming)) return current;
  return `${current}\n\n${incoming}`;
}

/** The stored JSON list with the new values appended; the same string when nothing was new. */
function unionJson(json: string, values: string[], keyOf: (value: string) => string): string {
  if (values.length === 0) return json;
  const list = parseStringList(json);
  const keys = new Set(list.map(keyOf));
  let added = false;
  for (const value of values) {
    if (keys.has(keyOf(value))) continue;
    keys.add(keyOf(value));
    list.push(value);
    added = true;
  }
  return added ? JSON.stringify(list) : json;
}

export interface ResolvedMember {
  id: string;
  name: string;
  created: boolean;
  /** The teammate's own contact, which the owner reaches them through; null for the owner. */
  contactId: string | null;
}

/**
 * The member an import is for: the owner, or a teammate by name (or id), created when new. A
 * teammate also gets a contact of their own and a relationship owner -> that contact, so paths
 * owner -> teammate -> their contacts exist.
 */
export function resolveMember(db: Db, name: string | undefined, now: number): ResolvedMember {
  // As contact names are cleaned: "Priya  Raman" is the teammate "Priya Raman", not a second one.
  const wanted = cleanText(name ?? null) ?? undefined;
  if (!wanted || wanted.toLowerCase() === 'me' || wanted === OWNER_MEMBER_ID) {
    return { id: OWNER_MEMBER_ID, name: 'me', created: false, contactId: null };
  }
  const members = new MemberRows(db);
  const found = members.find(wanted);
  const member = found ?? { id: newId('member', now), name: wanted, contact_id: null };
  if (!found) members.insert({ id: member.id, name: member.name, contactId: null }, now);
  let contactId = member.contact_id;
  if (contactId === null) {
    contactId = teammateContact(db, member.name, now);
    db.prepare('UPDATE members SET contact_id = ? WHERE id = ?').run(contactId, member.id);
  }
  db.prepare(
    'INSERT OR IGNORE INTO relationships (member_id, contact_id, created_at, updated_at) ' +
      'VALUES (?, ?, ?, ?)',
  ).run(OWNER_MEMBER_ID, contactId, now, now);
  return { id: member.id, name: member.name, created: !found, contactId };
}

/** The one contact with the teammate's name, or a new one when there is none or several. */
function teammateContact(db: Db, name: string, now: number): string {
  const matches = db
    .prepare<[string], { id: string }>(
      'SELECT id FROM contacts WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 2',
    )
    .all(name);
  if (matches.length === 1) return matches[0]!.id;
  const id = newId('contact', now);
  db.prepare(
    'INSERT INTO contacts (id, name, sources, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  ).run(id, name, JSON.stringify(['member']), now, now);
  return id;
}
