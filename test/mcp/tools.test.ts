/**
 * The tool list as clients see it (SPEC §1, §3): a snapshot of every name, title, schema and
 * annotation, and the rules that keep approval with people whatever tools are added. After a
 * deliberate change to the list, update the snapshot with `npx vitest run test/mcp -u`.
 */
import { describe, expect, it } from 'vitest';

import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';

async function listed() {
  const { services } = openTestServices();
  const client = await connectInMemory(services);
  const { tools } = await client.listTools();
  return { client, tools, services, instructions: client.getInstructions() ?? '' };
}

const isWrite = (tool: { annotations?: { readOnlyHint?: boolean } }) =>
  tool.annotations?.readOnlyHint !== true;

/** What only a person may do (SPEC §1), as words a tool's name or an offer could use. */
const HUMAN_ONLY = /approve|reject|send|opt_?in|delete|remove|webhook|decline|withdraw|introduced/i;
const OFFER =
  /\b(can|to|will|lets you|may|you)\s+(approve|reject|send|opt[- ]in|delete|remove|register|mark)\b/i;

describe('tools/list', () => {
  it('matches the snapshot of names, titles, schemas and annotations', async () => {
    const { tools } = await listed();
    await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/tools.json',
    );
  });

  it('offers no tool that approves, rejects, sends, opts in, deletes or registers a webhook', async () => {
    const { tools } = await listed();
    for (const tool of tools) {
      expect(tool.name, tool.name).not.toMatch(HUMAN_ONLY);
      expect(tool.title ?? '', tool.name).not.toMatch(HUMAN_ONLY);
      expect(tool.description, tool.name).not.toMatch(OFFER);
      expect(tool.description, tool.name).not.toMatch(/webhook|delete/i);
    }
  });

  it('lets no write tool set a status or an opt-in', async () => {
    const { tools } = await listed();
    for (const tool of tools.filter(isWrite)) {
      const fields = Object.keys(tool.inputSchema.properties ?? {});
      expect(fields, tool.name).not.toContain('status');
      for (const field of fields)
        expect(field, tool.name).not.toMatch(/opt_?in|approved|decision/i);
    }
  });

  it('annotates every write as non-destructive, idempotent and closed-world', async () => {
    const { tools } = await listed();
    const writes = tools.filter(isWrite);
    expect(writes.map((tool) => tool.name)).toContain('draft_intro_request');
    for (const tool of writes) {
      expect(tool.annotations, tool.name).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      });
    }
  });

  it('annotates every read as read-only and closed-world', async () => {
    const { tools } = await listed();
    const reads = tools.filter((tool) => !isWrite(tool));
    expect(reads.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['get_intro_request', 'list_intro_requests']),
    );
    for (const tool of reads) {
      expect(tool.annotations, tool.name).toMatchObject({
        readOnlyHint: true,
        openWorldHint: false,
      });
    }
  });

  it('gives every tool a title, a description, and object input and output schemas', async () => {
    const { tools } = await listed();
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(tool.title?.length, tool.name).toBeGreaterThan(3);
      expect(tool.annotations?.title, tool.name).toBe(tool.title);
      expect(tool.description?.length, tool.name).toBeGreaterThan(60);
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
    }
  });

  it('requires an idempotencyKey on every write and states the rule in its description', async () => {
    const { tools } = await listed();
    for (const tool of tools.filter(isWrite)) {
      expect(tool.inputSchema.required, tool.name).toContain('idempotencyKey');
      expect(tool.description, tool.name).toContain('idempotencyKey is required');
      expect(tool.description, tool.name).toContain('IDEMPOTENCY_KEY_REUSED');
      expect(tool.description, tool.name).toContain('IDEMPOTENCY_KEY_EXPIRED');
      expect(tool.description, tool.name).toMatch(/replayed for 30 days/);
    }
  });
});

describe('the server instructions', () => {
  it('tell the workflow, the idempotency rule and that nothing is sent before approval', async () => {
    const { instructions } = await listed();
    const order = ['draft_intro_request', 'list_matches', 'draft_intro ', 'schedule_follow_up'];
    const positions = order.map((name) => instructions.indexOf(name));
    expect(
      positions.every((at) => at >= 0),
      instructions,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(instructions).toMatch(/one idempotencyKey per user intent/i);
    expect(instructions).toMatch(/Nothing is sent .* until a person approves/);
    expect(instructions.split('\n').length).toBeLessThanOrEqual(10);
  });
});

describe('draft_intro_request approval', () => {
  it.each(['auto', 'none', 'agent', '', 'HUMAN_REQUIRED', 'human_required '])(
    'refuses approval %j with NOT_ALLOWED and stores nothing',
    async (approval) => {
      const { client, services } = await listed();
      const reply = await call(client, 'draft_intro_request', {
        idempotencyKey: 'approval-bypass-01',
        subject: 'A founder',
        target: 'investors',
        approval,
      });
      expect(reply.code).toBe('NOT_ALLOWED');
      expect(reply.text).toContain('"human_required"');
      expect(services.introRequests.list({ principal: 'mb_me', limit: 5 }).introRequests).toEqual(
        [],
      );
      // The key stays unused: the same key with the allowed value works.
      const fixed = await call(client, 'draft_intro_request', {
        idempotencyKey: 'approval-bypass-01',
        subject: 'A founder',
        target: 'investors',
        approval: 'human_required',
      });
      expect(fixed.isError, fixed.text).toBe(false);
    },
  );
});
