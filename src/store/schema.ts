/**
 * The store's schema as forward-only migrations. `PRAGMA user_version` holds the number of
 * migrations applied; each runs inside the BEGIN IMMEDIATE transaction that opens the store.
 */
import { NO_TWO_WAY_CAP, TRUST_WEIGHTS } from '../domain/trust.ts';
import { CLOCK_FREE_BOUND_SQL } from './trust-bound.ts';

/**
 * contacts_fts is contentless (migration 3) and keyed by `warmth × 2^40 + contact rowid`, so that
 * FTS5's rowid order, the only order it can read a match in without visiting all of it, puts the
 * warmest contacts first: ranking's window (RANK_WINDOW in src/store/fts.ts) then holds the
 * contacts a person knows best rather than the most recently imported.
 */
export const FTS_KEY_SPAN = 1_099_511_627_776;

/** The contacts_fts key of the contact row `row` (old, new, or a table alias). */
export function ftsKey(row: string): string {
  return `(${row}.warmth * ${FTS_KEY_SPAN} + ${row}.rowid)`;
}

/** The contact's warmth in a contacts_fts key. */
export function warmthOfKey(key: string): string {
  return `(${key} / ${FTS_KEY_SPAN})`;
}

/** The contact rowid in a contacts_fts key. */
export function rowidOfKey(key: string): string {
  return `(${key} % ${FTS_KEY_SPAN})`;
}

/**
 * Takes the old row out of contacts_fts. A contentless table forgets a row only when given the
 * very values it indexed, and only then takes it out of bm25's statistics too (contentless_delete
 * would delete by key alone, but leaves the row counted).
 */
const UNINDEX_OLD = `INSERT INTO contacts_fts (contacts_fts, rowid, name, title, company, tags, notes)
    VALUES ('delete', ${ftsKey('old')}, old.name, old.title, old.company, old.tags, old.notes);`;

/**
 * The triggers that keep contacts_fts in step with inserts and updates of contacts. The importer
 * drops them inside a batch's transaction, indexes the batch with one INSERT ... SELECT (row by row
 * from the trigger cost three times the CPU), and creates them again from this text before it
 * commits, so that no committed state lacks them. A change here needs a migration that recreates
 * them in stores already migrated.
 */
export const FTS_SYNC_TRIGGERS = `
  CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, title, company, tags, notes)
    VALUES (${ftsKey('new')}, new.name, new.title, new.company, new.tags, new.notes);
  END;
  CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, title, company, tags, notes, warmth
    ON contacts BEGIN
    ${UNINDEX_OLD}
    INSERT INTO contacts_fts (rowid, name, title, company, tags, notes)
    VALUES (${ftsKey('new')}, new.name, new.title, new.company, new.tags, new.notes);
  END;`;

/** What the importer runs to set FTS_SYNC_TRIGGERS aside within its transaction. */
export const DROP_FTS_SYNC_TRIGGERS = `
  DROP TRIGGER contacts_fts_insert;
  DROP TRIGGER contacts_fts_update;`;

/** Migration 2's text of FTS_SYNC_TRIGGERS, for an external-content contacts_fts: frozen. */
const FTS_SYNC_TRIGGERS_2 = `
  CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, title, company, tags, notes)
    VALUES (new.rowid, new.name, new.title, new.company, new.tags, new.notes);
  END;
  CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, title, company, tags, notes
    ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, title, company, tags, notes)
    VALUES ('delete', old.rowid, old.name, old.title, old.company, old.tags, old.notes);
    INSERT INTO contacts_fts (rowid, name, title, company, tags, notes)
    VALUES (new.rowid, new.name, new.title, new.company, new.tags, new.notes);
  END;`;

/**
 * A contact's warmth: 100 × the most its trust could be over all its relationships, whatever the
 * clock says (a rating fixes it; without a two-way interaction it is capped; otherwise every
 * factor that depends on time or on the request is taken at its maximum), and never below the
 * cap, which every contact can reach. Only the order it gives matters: which matches ranking
 * looks at first.
 */
function warmthOf(contactId: string): string {
  const cap = Math.round(100 * NO_TWO_WAY_CAP);
  return `(SELECT max(${cap}, coalesce(CAST(ceil(round(100 * max(CASE
        WHEN r.rating IS NOT NULL THEN r.rating / 5.0
        WHEN r.two_way_count = 0 THEN ${NO_TWO_WAY_CAP}
        ELSE ${TRUST_WEIGHTS.recency + TRUST_WEIGHTS.duration} + ${CLOCK_FREE_BOUND_SQL}
      END), 6)) AS INTEGER), ${cap}))
    FROM relationships r WHERE r.contact_id = ${contactId})`;
}

/** Every contact's id and the warmth a rebuild would give it, by id: for the tests. */
export const WARMTH_REBUILD_SQL = `SELECT id, ${warmthOf('contacts.id')} FROM contacts ORDER BY id`;

/** Sets the contact's warmth, computed once, and only when it changed (the FTS row moves then). */
function rewarm(contactId: string): string {
  return `UPDATE contacts SET warmth = fresh.warmth
    FROM (SELECT ${warmthOf(contactId)} AS warmth) AS fresh
    WHERE contacts.id = ${contactId} AND contacts.warmth IS NOT fresh.warmth;`;
}

/**
 * Triggers on relationships that keep each contact's warmth current. A relationship inserted
 * without a rating or a two-way interaction (every imported one) cannot change it, since warmth
 * is never below the cap, so the insert trigger does nothing for it.
 */
const WARMTH_TRIGGERS = `
  CREATE TRIGGER contacts_warmth_insert AFTER INSERT ON relationships
    WHEN new.rating IS NOT NULL OR new.two_way_count > 0 BEGIN
    ${rewarm('new.contact_id')}
  END;
  CREATE TRIGGER contacts_warmth_update AFTER UPDATE OF rating, interaction_count, two_way_count,
    inbound_count, outbound_count, intros_made, intros_declined, contact_id ON relationships BEGIN
    ${rewarm('old.contact_id')}
    ${rewarm('new.contact_id')}
  END;
  CREATE TRIGGER contacts_warmth_delete AFTER DELETE ON relationships BEGIN
    ${rewarm('old.contact_id')}
  END;`;

export const MIGRATIONS: readonly string[] = [
  /* 1: the whole first schema */ `
  CREATE TABLE members (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    contact_id TEXT REFERENCES contacts(id),
    created_at INTEGER NOT NULL
  );

  CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    company TEXT,
    title TEXT,
    location TEXT,
    linkedin_url TEXT,
    linkedin_key TEXT UNIQUE,
    uid TEXT UNIQUE,
    notes TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    sources TEXT NOT NULL DEFAULT '[]',
    opt_in TEXT NOT NULL DEFAULT 'ask_first' CHECK (opt_in IN ('ask_first', 'ok_direct')),
    do_not_introduce INTEGER NOT NULL DEFAULT 0 CHECK (do_not_introduce IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX contacts_name_company ON contacts (name COLLATE NOCASE, company COLLATE NOCASE);

  CREATE TABLE contact_emails (
    email_key TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX contact_emails_contact ON contact_emails (contact_id);

  CREATE TABLE contact_phones (
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (contact_id, phone)
  ) WITHOUT ROWID;

  -- Rows already imported, by a fingerprint of their normalised content (SPEC §7).
  CREATE TABLE import_rows (
    member_id TEXT NOT NULL REFERENCES members(id),
    format TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, format, fingerprint)
  ) WITHOUT ROWID;

  -- member -> contact. The aggregate columns are the trust inputs, kept current by writes.
  CREATE TABLE relationships (
    member_id TEXT NOT NULL REFERENCES members(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    connected_on INTEGER,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    interaction_count INTEGER NOT NULL DEFAULT 0,
    two_way_count INTEGER NOT NULL DEFAULT 0,
    inbound_count INTEGER NOT NULL DEFAULT 0,
    outbound_count INTEGER NOT NULL DEFAULT 0,
    first_interaction_at INTEGER,
    last_interaction_at INTEGER,
    last_two_way_at INTEGER,
    intros_made INTEGER NOT NULL DEFAULT 0,
    intros_declined INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, contact_id)
  ) WITHOUT ROWID;
  CREATE INDEX relationships_contact ON relationships (contact_id);

  CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('meeting', 'call', 'email', 'message', 'note')),
    direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound', 'mutual')),
    at INTEGER NOT NULL,
    summary TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX interactions_relationship ON interactions (member_id, contact_id, at);

  CREATE TABLE intro_requests (
    id TEXT PRIMARY KEY,
    principal TEXT NOT NULL REFERENCES members(id),
    subject TEXT NOT NULL,
    target TEXT NOT NULL,
    context TEXT,
    status TEXT NOT NULL CHECK (status IN
      ('pending_approval', 'approved', 'rejected', 'closed', 'withdrawn')),
    decision_note TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX intro_requests_newest ON intro_requests (principal, created_at DESC, id DESC);
  CREATE INDEX intro_requests_status ON intro_requests (status, created_at DESC, id DESC);

  CREATE TABLE intros (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES intro_requests(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    connector_id TEXT REFERENCES members(id),
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending_approval', 'approved', 'rejected',
      'awaiting_opt_in', 'opted_in', 'introduced', 'closed', 'declined', 'withdrawn')),
    target_opt_in TEXT NOT NULL CHECK (target_opt_in IN
      ('not_required', 'pending', 'opted_in', 'declined')),
    connector_opt_in TEXT NOT NULL CHECK (connector_opt_in IN
      ('not_required', 'pending', 'opted_in', 'declined')),
    trust_score REAL,
    decision_note TEXT,
    decline_reason TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX intros_request ON intros (request_id, created_at);
  CREATE INDEX intros_status ON intros (status, created_at DESC);

  CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES intro_requests(id),
    intro_id TEXT REFERENCES intros(id),
    due_at INTEGER NOT NULL,
    note TEXT,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled')),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX follow_ups_due ON follow_ups (status, due_at);
  CREATE INDEX follow_ups_request ON follow_ups (request_id);

  -- Append-only and hash-chained: each row carries the hash of the row before it.
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_status TEXT,
    after_status TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX events_entity ON events (entity_id, seq);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

  -- One row per (principal, key), kept for ever; result is cleared after the retention window
  -- and the row stays as a tombstone.
  CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    tool TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    args TEXT,
    resource_id TEXT NOT NULL,
    result TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
  ) WITHOUT ROWID;
  CREATE INDEX idempotency_keys_live ON idempotency_keys (created_at) WHERE result IS NOT NULL;

  -- Room for webhooks (SPEC §10, not built until its issue): endpoints, and an outbox filled in the
  -- same transaction as the change that caused each event.
  CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    removed_at INTEGER
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, title, company, tags, notes,
    content = 'contacts', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  -- BM25 column weights for ORDER BY rank: title, company and tags say more than name or notes.
  INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('rank', 'bm25(2.0, 4.0, 3.0, 3.0, 1.0)');
  -- A row here stands the insert and update triggers aside. Only the importer writes one, and
  -- deletes it in the same transaction after indexing its batch with one INSERT ... SELECT:
  -- row by row from the trigger cost three times the CPU (4.0 s vs 1.4 s per 100k contacts).
  CREATE TABLE contacts_fts_deferred (since_rowid INTEGER NOT NULL);
  CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts
    WHEN NOT EXISTS (SELECT 1 FROM contacts_fts_deferred) BEGIN
    INSERT INTO contacts_fts (rowid, name, title, company, tags, notes)
    VALUES (new.rowid, new.name, new.title, new.company, new.tags, new.notes);
  END;
  CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, title, company, tags, notes)
    VALUES ('delete', old.rowid, old.name, old.title, old.company, old.tags, old.notes);
  END;
  CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, title, company, tags, notes
    ON contacts WHEN NOT EXISTS (SELECT 1 FROM contacts_fts_deferred) BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, title, company, tags, notes)
    VALUES ('delete', old.rowid, old.name, old.title, old.company, old.tags, old.notes);
    INSERT INTO contacts_fts (rowid, name, title, company, tags, notes)
    VALUES (new.rowid, new.name, new.title, new.company, new.tags, new.notes);
  END;

  INSERT INTO members (id, name, created_at)
    VALUES ('mb_me', 'me', CAST(unixepoch('subsec') * 1000 AS INTEGER));
  `,
  /* 2: relationships keyed by contact first, so that ranking reads a contact's relationships
     with one index seek each instead of two (relationships_contact, then the primary key). No
     table references relationships, so it can be rebuilt in place. */ `
  CREATE TABLE relationships_by_contact (
    member_id TEXT NOT NULL REFERENCES members(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    connected_on INTEGER,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    interaction_count INTEGER NOT NULL DEFAULT 0,
    two_way_count INTEGER NOT NULL DEFAULT 0,
    inbound_count INTEGER NOT NULL DEFAULT 0,
    outbound_count INTEGER NOT NULL DEFAULT 0,
    first_interaction_at INTEGER,
    last_interaction_at INTEGER,
    last_two_way_at INTEGER,
    intros_made INTEGER NOT NULL DEFAULT 0,
    intros_declined INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (contact_id, member_id)
  ) WITHOUT ROWID;
  INSERT INTO relationships_by_contact SELECT member_id, contact_id, connected_on, rating,
    interaction_count, two_way_count, inbound_count, outbound_count, first_interaction_at,
    last_interaction_at, last_two_way_at, intros_made, intros_declined, created_at, updated_at
    FROM relationships;
  DROP TABLE relationships;
  ALTER TABLE relationships_by_contact RENAME TO relationships;

  -- The importer now sets the FTS sync triggers aside by dropping them inside its batch
  -- transaction: a WHEN guard on them cost about 3.5 µs per inserted row even when false.
  DROP TRIGGER contacts_fts_insert;
  DROP TRIGGER contacts_fts_update;
  DROP TABLE contacts_fts_deferred;
  ${FTS_SYNC_TRIGGERS_2}

  -- The importer finds same name and company in memory (src/imports/known-keys.ts); keeping this
  -- index current cost 0.4 s per 100k imported rows, more than the listings it served save.
  DROP INDEX contacts_name_company;
  `,
  /* 3: contacts_fts contentless and keyed warmest first (FTS_KEY_SPAN): at 100k contacts the
     window of the 1,000 most recently added matches shared 0-2 of its top 10 with a ranking of
     every match, for most of the benchmark's queries. */ `
  DROP TRIGGER contacts_fts_insert;
  DROP TRIGGER contacts_fts_update;
  DROP TRIGGER contacts_fts_delete;
  DROP TABLE contacts_fts;
  ALTER TABLE contacts ADD COLUMN warmth INTEGER NOT NULL DEFAULT ${Math.round(100 * NO_TWO_WAY_CAP)};
  UPDATE contacts SET warmth = ${warmthOf('contacts.id')} WHERE id IN
    (SELECT contact_id FROM relationships WHERE rating IS NOT NULL OR two_way_count > 0);
  CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, title, company, tags, notes,
    content = '',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('rank', 'bm25(2.0, 4.0, 3.0, 3.0, 1.0)');
  INSERT INTO contacts_fts (rowid, name, title, company, tags, notes)
    SELECT ${ftsKey('contacts')}, name, title, company, tags, notes FROM contacts;
  -- One segment per level, as a fresh index of a large network would be after merging.
  INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize');
  ${FTS_SYNC_TRIGGERS}
  CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    ${UNINDEX_OLD}
  END;
  ${WARMTH_TRIGGERS}
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The member every local store has: its owner, and the principal of every MCP call. */
export const OWNER_MEMBER_ID = 'mb_me';
