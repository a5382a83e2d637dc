/**
 * Who did something, as the audit trail records it (SPEC §2): an agent through its MCP client, a
 * person at the CLI under their OS user name, or the system itself.
 */
import { userInfo } from 'node:os';

export type Actor =
  | { kind: 'agent'; name: string; version?: string }
  | { kind: 'human'; name: string }
  | { kind: 'system'; name: string };

export function humanActor(): Actor {
  let name = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid; the environment's name stands in.
  }
  return { kind: 'human', name };
}

export function describeActor(actor: Actor): string {
  if (actor.kind === 'agent')
    return `agent ${actor.name}${actor.version ? ` ${actor.version}` : ''}`;
  return `${actor.kind} ${actor.name}`;
}
