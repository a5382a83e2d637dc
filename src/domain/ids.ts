/**
 * Opaque, prefixed ids (SPEC §2). The time part keeps ids of one kind roughly in creation order,
 * which makes tie-breaks stable; the random part makes them unguessable and collision-free.
 */
import { randomBytes } from 'node:crypto';

export const ID_PREFIXES = {
  contact: 'ct_',
  member: 'mb_',
  introRequest: 'ir_',
  intro: 'in_',
  followUp: 'fu_',
  event: 'ev_',
  webhook: 'wh_',
} as const;

export type EntityKind = keyof typeof ID_PREFIXES;

export function newId(kind: EntityKind, now: number = Date.now()): string {
  const time = now.toString(36).padStart(9, '0');
  return `${ID_PREFIXES[kind]}${time}${randomBytes(8).toString('hex')}`;
}

export function kindOfId(id: string): EntityKind | undefined {
  const entry = Object.entries(ID_PREFIXES).find(([, prefix]) => id.startsWith(prefix));
  return entry?.[0] as EntityKind | undefined;
}
