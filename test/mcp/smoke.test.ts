import { describe, expect, it } from 'vitest';

import { call, connectInMemory, spawnServer } from '../helpers/mcp.ts';
import { openTestServices, tempDbPath } from '../helpers/store.ts';

describe('the MCP server', () => {
  it('drafts an intro request in memory and replays it for the same key', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services);
    const args = { idempotencyKey: 'smoke-key-0001', subject: 'A founder', target: 'investors' };
    const first = await call(client, 'draft_intro_request', args);
    expect(first.isError).toBe(false);
    expect(first.data.introRequest.status).toBe('pending_approval');
    expect(first.data.introRequest.createdBy).toEqual({
      kind: 'agent',
      name: 'test-agent',
      version: '1.2.3',
    });
    const again = await call(client, 'draft_intro_request', args);
    expect(again.data.introRequest.id).toBe(first.data.introRequest.id);
    expect(again.data.idempotency.replayed).toBe(true);
  });

  it('answers over stdio as a child process', async () => {
    const client = await spawnServer(tempDbPath());
    const reply = await call(client, 'list_intro_requests', {});
    expect(reply.data).toEqual({ introRequests: [] });
  });
});
