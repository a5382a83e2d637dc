/**
 * Ids (src/domain/ids.ts): prefixed, distinct, and in the order they were made even within one
 * millisecond, so that "newest first" holds under a frozen clock.
 */
import { describe, expect, it } from 'vitest';

import { kindOfId, newId } from '../../src/domain/ids.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';
import { draftArgs } from './support.ts';

describe('newId', () => {
  it('makes distinct ids that sort in the order they were made within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, (_, i) =>
      newId(i % 2 === 0 ? 'introRequest' : 'intro', 1_800_000_000_000),
    );
    const requests = ids.filter((id) => kindOfId(id) === 'introRequest');
    expect(new Set(ids).size).toBe(ids.length);
    expect([...requests].sort()).toEqual(requests);
    for (const id of ids) expect(id).toMatch(/^(ir|in)_[0-9a-z]{9}[0-9a-f]{16}$/);
  });

  it('keeps time first across milliseconds', () => {
    const early = newId('contact', 1_800_000_000_000);
    const late = newId('contact', 1_800_000_000_001);
    expect(early < late).toBe(true);
  });
});

describe('list_intro_requests under a frozen clock', () => {
  it('lists the requests newest first, in the order they were drafted', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services);
    const drafted: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const reply = await call(client, 'draft_intro_request', draftArgs(`frozen-clock-${i}`));
      drafted.push(reply.data.introRequest.id as string);
    }
    const listed = await call(client, 'list_intro_requests', {});
    expect(listed.data.introRequests.map((r: { id: string }) => r.id)).toEqual(drafted.reverse());
  });
});
