/**
 * Canonical JSON (RFC 8785) and the SHA-256 fingerprints built on it.
 */
import { createHash } from 'node:crypto';

import canonicalizeModule from 'canonicalize';

/** Sorted keys, no whitespace; `undefined` members are dropped as JSON.stringify drops them. */
// The package is CommonJS with an ESM-style declaration; under NodeNext the function is the
// module itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export function canonicalJson(value: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return canonicalize(plain) ?? 'null';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
