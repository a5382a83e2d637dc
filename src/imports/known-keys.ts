/**
 * In-memory answers to the importer's dedupe lookups, so that a row that matches nothing costs no
 * query: which UIDs, e-mails and LinkedIn keys the store may hold, and which contacts share a name
 * and company. They only ever send a lookup to SQL or answer "none"; SQL stays the truth.
 */
import type { Db } from '../store/store.ts';

/**
 * The keys of one kind the store may hold, as 30-bit hashes: a key whose hash is absent is not
 * there. Loaded from the store at the first question (inside the write transaction), kept current
 * by `add` for this connection's writes; `forget` when another connection may have written.
 */
export class KeyFilter {
  readonly #load: () => Iterable<string>;
  #hashes: Set<number> | undefined;

  constructor(load: () => Iterable<string>) {
    this.#load = load;
  }

  /** False when the store cannot hold `key`; true means "ask SQL". */
  mayHold(key: string): boolean {
    if (this.#hashes === undefined) {
      this.#hashes = new Set();
      for (const known of this.#load()) this.#hashes.add(keyHash(known));
    }
    return this.#hashes.has(keyHash(key));
  }

  /** Call after writing `key`. Before the first question there is nothing to keep current. */
  add(key: string): void {
    this.#hashes?.add(keyHash(key));
  }

  forget(): void {
    this.#hashes = undefined;
  }
}

/** Possible duplicates listed per created contact, at most. */
export const SAME_NAME_LIMIT = 3;

interface Named {
  rowid: number;
  id: string;
}

/**
 * Every contact by name and company (SQLite's NOCASE, which folds only A-Z), oldest first, so that
 * the import lists the first SAME_NAME_LIMIT earlier contacts sharing a new contact's name and
 * company without an index on them: keeping a NOCASE index on name and company current cost
 * 0.4 s per 100k inserted rows. Loaded from the store at the first question (inside the write
 * transaction), kept current for this import's creates and merges; `forget` when another
 * connection may have written.
 */
export class SameNameIndex {
  readonly #load: () => Iterable<[number, string, string, string | null]>;
  #byKey: Map<string, Named[]> | undefined;

  constructor(db: Db) {
    const all = db
      .prepare<[], [number, string, string, string | null]>(
        'SELECT rowid, id, name, company FROM contacts ORDER BY rowid',
      )
      .raw();
    this.#load = () => all.iterate();
  }

  /**
   * The contacts other than `id` with its name and company, oldest first, for a contact just
   * created (and so the newest); it is then one of them for the contacts created after it.
   */
  othersOf(created: Named, name: string, company: string | null): string[] {
    const byKey = this.#loaded();
    const key = nameKey(name, company);
    const named = byKey.get(key);
    if (named === undefined) {
      byKey.set(key, [created]);
      return [];
    }
    const others: string[] = [];
    for (const entry of named) {
      if (others.length === SAME_NAME_LIMIT) break;
      if (entry.id !== created.id) others.push(entry.id);
    }
    if (named.at(-1)?.id !== created.id) named.push(created);
    return others;
  }

  /** Call when a merge changed a contact's company: it is listed under the new one from now on. */
  changed(contact: Named, name: string, from: string | null, to: string | null): void {
    const byKey = this.#byKey;
    if (byKey === undefined) return;
    const before = byKey.get(nameKey(name, from));
    const at = before?.findIndex((entry) => entry.id === contact.id) ?? -1;
    if (at >= 0) before!.splice(at, 1);
    const key = nameKey(name, to);
    const after = byKey.get(key) ?? [];
    byKey.set(key, after);
    let place = after.length;
    while (place > 0 && after[place - 1]!.rowid > contact.rowid) place -= 1;
    after.splice(place, 0, contact);
  }

  forget(): void {
    this.#byKey = undefined;
  }

  #loaded(): Map<string, Named[]> {
    if (this.#byKey === undefined) {
      this.#byKey = new Map();
      for (const [rowid, id, name, company] of this.#load()) {
        const key = nameKey(name, company);
        const named = this.#byKey.get(key);
        if (named === undefined) this.#byKey.set(key, [{ rowid, id }]);
        else named.push({ rowid, id });
      }
    }
    return this.#byKey;
  }
}

/**
 * NOCASE folds ASCII letters only: `É` and `é` stay different, as they do in SQLite. For ASCII
 * text (most names) that is what toLowerCase does, without a callback per run of capitals.
 */
function nocase(text: string): string {
  return NON_ASCII.test(text)
    ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase())
    : text.toLowerCase();
}
const NON_ASCII = /[^\p{ASCII}]/u;

/** Unambiguous whatever the text holds: the name's length leads. */
function nameKey(name: string, company: string | null): string {
  const folded = nocase(name);
  return company === null
    ? `${folded.length}:${folded}`
    : `${folded.length}:${folded}\u0000${nocase(company)}`;
}

/** FNV-1a, cut to 30 bits so that V8 keeps the Set's entries as small integers. */
function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x3fffffff;
}
