/**
 * The fingerprint that recognises a row on a second import (SPEC §7): a hash of its normalised
 * content. Pure, so that the parsing thread can compute it while the importing thread writes.
 */
import * as crypto from 'node:crypto';

import type { ContactRecord } from './record.ts';

/** The field order is fixed here, so plain JSON of an array is canonical enough. */
export function rowFingerprint(record: ContactRecord): string {
  const content = JSON.stringify([
    record.name,
    record.company,
    record.title,
    record.location,
    record.linkedinUrl,
    record.emails,
    record.phones,
    record.tags,
    record.notes,
    record.uid,
    record.connectedOn,
  ]);
  return sha256(content);
}

/** One-shot hashing (Node >= 20.12) skips a Hash object per row, 0.2 s per 100k rows. */
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'base64url')
    : (text: string) => crypto.createHash('sha256').update(text).digest('base64url');
