// Runs the built server as a child process: `npm run build` first.
import { describe, expect, it } from 'vitest';

import { call, spawnServer } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';
import { draftRequest, seedContact } from './seed.ts';

describe('draft_intro and schedule_follow_up over stdio', () => {
  it('drafts an intro and schedules a follow-up that the CLI clock sees as due', async () => {
    const { services, path } = openTestServices();
    const request = draftRequest(services);
    const contactId = seedContact(services);
    const client = await spawnServer(path, { AGENTINTROS_NOW: '2026-12-03T12:00:00Z' });

    const drafted = await call(client, 'draft_intro', {
      idempotencyKey: 'stdio-intro-0001',
      requestId: request.id,
      contactId,
      message: 'Ana, meet Maya.',
    });
    expect(drafted.isError).toBe(false);
    expect(drafted.data.intro.status).toBe('pending_approval');

    const scheduled = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'stdio-follow-up-0001',
      introId: drafted.data.intro.id,
      dueAt: '2026-12-10',
    });
    expect(scheduled.data.followUp.dueAt).toBe('2026-12-10T09:00:00.000Z');

    const past = await call(client, 'schedule_follow_up', {
      idempotencyKey: 'stdio-follow-up-0002',
      introId: drafted.data.intro.id,
      dueAt: '2026-12-02',
    });
    expect(past.code).toBe('VALIDATION_ERROR');

    const tools = (await client.listTools()).tools;
    const draftIntro = tools.find((tool) => tool.name === 'draft_intro')!;
    expect(draftIntro.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(draftIntro.inputSchema.required).toEqual([
      'idempotencyKey',
      'requestId',
      'contactId',
      'message',
    ]);
  });
});
