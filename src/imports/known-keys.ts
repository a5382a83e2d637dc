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

/** The query the in-memory answer stands in for; it lists at most this many others. */
export const SAME_NAME_LIMIT = 3;

/**
 * Contacts with the same name and company (SQLite's NOCASE, which folds only A-Z), as
 * `SELECT id ... name = ? COLLATE NOCASE AND company = ? ... LIMIT 3` lists them: in the order of
 * the contacts_name_company index, which is rowid order for one name and company. Names and
 * companies the store held before this import are left to that query; for the others, every
 * contact with them is one this import created, in creation (= rowid) order, and listed here.
 */
export class SameNameIndex {
  readonly #store: KeyFilter;
  /** Up to SAME_NAME_LIMIT contact ids per name key, oldest first; only keys the store lacked. */
  readonly #created = new Map<string, string[]>();

  constructor(db: Db) {
    const all = db.prepare<[], [string, string | null]>('SELECT name, company FROM contacts').raw();
    this.#store = new KeyFilter(function* () {
      for (const [name, company] of all.iterate()) yield nameKey(name, company);
    });
  }

  /**
   * The contacts that share the new contact's name and company, for a contact just created; the
   * query `fromStore` runs only when the store held that name and company before.
   */
  othersOf(
    id: string,
    name: string,
    company: string | null,
    fromStore: () => string[],
  ): readonly string[] {
    const key = nameKey(name, company);
    if (!this.#created.has(key) && this.#store.mayHold(key)) return fromStore();
    const others = this.#created.get(key);
    if (others === undefined) {
      this.#created.set(key, [id]);
      return [];
    }
    const listed = others.slice();
    if (others.length < SAME_NAME_LIMIT) others.push(id);
    return listed;
  }

  /** Call when a merge changed a contact's company: both names now go to SQL. */
  changed(name: string, from: string | null, to: string | null): void {
    this.#store.add(nameKey(name, from));
    this.#store.add(nameKey(name, to));
    this.#created.delete(nameKey(name, from));
    this.#created.delete(nameKey(name, to));
  }

  forget(): void {
    this.#store.forget();
    this.#created.clear();
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
