/**
 * SPEC §4, row by row, over the MCP protocol: the SDK client against the real server factory on
 * a real temporary store file.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { humanActor } from '../../src/domain/actor.ts';
import { AppError } from '../../src/domain/errors.ts';
import { idempotencyInfo, idempotencyKey, introRequest } from '../../src/mcp/schemas.ts';
import { writeTool } from '../../src/mcp/tool.ts';
import { text } from '../../src/mcp/validation.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import Database from '../helpers/sqlite.ts';
import { DAY_MS, openTestServices } from '../helpers/store.ts';
import { connectWithTools, countRows, draftArgs } from './support.ts';

const DRAFT = 'draft_intro_request';

function counts(path: string) {
  return {
    requests: countRows(path, 'intro_requests'),
    keys: countRows(path, 'idempotency_keys'),
    events: countRows(path, 'events'),
  };
}

/** A test-only write tool that drafts a request like the real one, then fails when told to. */
function failingWrite(failures: { left: number }) {
  return writeTool({
    name: 'test_failing_write',
    title: 'Test: a write that fails after inserting',
    description: 'Test only.',
    input: z.strictObject({ idempotencyKey, subject: text({ min: 1, max: 200 }) }),
    output: z.object({ introRequest, idempotency: idempotencyInfo }),
    execute(args, context, now) {
      const created = context.services.introRequests.draftInTransaction(
        now,
        context.actor(),
        context.services.principal,
        { subject: args.subject, target: 'anyone' },
      );
      if (failures.left > 0) {
        failures.left -= 1;
        throw new AppError('INVALID_STATE', 'Injected failure after the insert.');
      }
      return { resourceId: created.id, result: { introRequest: created } };
    },
  });
}

describe('draft_intro_request: an invalid idempotency key', () => {
  const badKeys: [string, unknown][] = [
    ['missing', undefined],
    ['empty', ''],
    ['too short', 'abc1234'],
    ['too long', 'k'.repeat(256)],
    ['with a space', 'intro key 0001'],
    ['with a slash', 'intro/key/0001'],
    ['non-ASCII', 'intro-kéy-0001'],
    ['a number', 12345678],
    ['null', null],
  ];

  it.each(badKeys)('is refused when %s, stating the rule, and stores nothing', async (_, key) => {
    const { services, path } = openTestServices();
    const client = await connectInMemory(services);
    const args = draftArgs('placeholder');
    if (key === undefined) delete args.idempotencyKey;
    else args.idempotencyKey = key;

    const reply = await call(client, DRAFT, args);

    expect(reply.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(reply.text).toContain('8-255 characters of A-Z a-z 0-9 . _ : -');
    expect(reply.data).toBeUndefined();
    expect(counts(path)).toEqual({ requests: 0, keys: 0, events: 0 });
  });

  it('is reported before any other invalid field', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services);
    const reply = await call(client, DRAFT, { idempotencyKey: 'bad', subject: 42 });
    expect(reply.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });

  it('accepts the boundaries of the rule: 8 and 255 characters of every allowed kind', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services);
    for (const key of ['aZ09._:-', 'k'.repeat(255)]) {
      const reply = await call(client, DRAFT, draftArgs(key));
      expect(reply.isError, reply.text).toBe(false);
    }
  });
});

describe('draft_intro_request: other invalid arguments', () => {
  it('are a VALIDATION_ERROR naming the field, and the key stays unused', async () => {
    const { services, path } = openTestServices();
    const client = await connectInMemory(services);
    const key = 'intro-key-unused-0001';

    const missing = await call(client, DRAFT, draftArgs(key, { subject: undefined }));
    expect(missing.code).toBe('VALIDATION_ERROR');
    expect(missing.text).toContain('subject is required');
    const wrongType = await call(client, DRAFT, draftArgs(key, { target: 7 }));
    expect(wrongType.code).toBe('VALIDATION_ERROR');
    expect(wrongType.text).toContain('target must be a string, not number 7');
    expect(counts(path)).toEqual({ requests: 0, keys: 0, events: 0 });

    const valid = await call(client, DRAFT, draftArgs(key));
    expect(valid.isError, valid.text).toBe(false);
    expect(valid.data.idempotency.replayed).toBe(false);
  });
});

describe('draft_intro_request: a new key', () => {
  it('commits the request, its audit event and the stored result, with replayed false', async () => {
    const { services, path, clock } = openTestServices();
    const client = await connectInMemory(services);

    const reply = await call(client, DRAFT, draftArgs('intro-key-new-0001'));

    expect(reply.isError, reply.text).toBe(false);
    expect(reply.data.idempotency).toEqual({
      key: 'intro-key-new-0001',
      replayed: false,
      firstSeenAt: new Date(clock.now()).toISOString(),
    });
    expect(reply.data.introRequest).toMatchObject({
      id: expect.stringMatching(/^ir_/),
      status: 'pending_approval',
      approval: 'human_required',
      subject: 'Maya Chen, founder of Tallyfox',
    });
    // The same JSON as text, for clients that read only the text block.
    expect(JSON.parse(reply.text)).toEqual(reply.data);
    expect(counts(path)).toEqual({ requests: 1, keys: 1, events: 1 });
    expect(
      countRows(path, 'idempotency_keys', `resource_id = '${reply.data.introRequest.id}'`),
    ).toBe(1);
  });
});

describe('draft_intro_request: the same key with the same arguments', () => {
  it('replays the stored result verbatim with replayed true, and runs nothing', async () => {
    const { services, path, clock } = openTestServices();
    const client = await connectInMemory(services);
    const first = await call(client, DRAFT, draftArgs('intro-key-replay-0001'));
    clock.advance(DAY_MS);

    const again = await call(client, DRAFT, draftArgs('intro-key-replay-0001'));

    expect(again.data).toEqual({
      ...first.data,
      idempotency: { ...first.data.idempotency, replayed: true },
    });
    expect(counts(path)).toEqual({ requests: 1, keys: 1, events: 1 });
  });

  it('replays the stored result, not the current state, after a person approved', async () => {
    const { services, clock } = openTestServices();
    const client = await connectInMemory(services);
    const first = await call(client, DRAFT, draftArgs('intro-key-approved-01'));
    clock.advance(60_000);
    services.introRequests.transition(first.data.introRequest.id, 'approved', humanActor());

    const again = await call(client, DRAFT, draftArgs('intro-key-approved-01'));

    expect(again.data.introRequest).toEqual(first.data.introRequest);
    expect(again.data.introRequest.status).toBe('pending_approval');
    expect(services.introRequests.get(first.data.introRequest.id).status).toBe('approved');
  });

  it('replays whatever the order of the arguments and an omitted or explicit default', async () => {
    const { services, path } = openTestServices();
    const client = await connectInMemory(services);
    const first = await call(client, DRAFT, draftArgs('intro-key-order-0001'));
    const reordered = {
      approval: 'human_required',
      context: 'Raising a seed round.',
      target: 'fintech seed investors',
      subject: 'Maya Chen, founder of Tallyfox',
      idempotencyKey: 'intro-key-order-0001',
    };

    const again = await call(client, DRAFT, reordered);

    expect(again.isError, again.text).toBe(false);
    expect(again.data.idempotency.replayed).toBe(true);
    expect(again.data.introRequest.id).toBe(first.data.introRequest.id);
    expect(counts(path).requests).toBe(1);
  });

  it('replays a first call that gave the default explicitly to one that omits it', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services);
    const key = 'intro-key-explicit-01';
    const first = await call(client, DRAFT, draftArgs(key, { approval: 'human_required' }));
    const again = await call(client, DRAFT, draftArgs(key));
    expect(again.data.idempotency.replayed).toBe(true);
    expect(again.data.introRequest.id).toBe(first.data.introRequest.id);
  });

  it('replays without the write lock while another connection holds it', async () => {
    const { services, path } = openTestServices({ busyTimeoutMs: 50 });
    const client = await connectInMemory(services);
    const first = await call(client, DRAFT, draftArgs('intro-key-locked-0001'));
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const again = await call(client, DRAFT, draftArgs('intro-key-locked-0001'));
      expect(again.data.introRequest.id).toBe(first.data.introRequest.id);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('draft_intro_request: the same key with other arguments or another tool', () => {
  it('is IDEMPOTENCY_KEY_REUSED naming the first resource, its time and the field', async () => {
    const { services, path, clock } = openTestServices();
    const client = await connectInMemory(services);
    const first = await call(client, DRAFT, draftArgs('intro-key-reused-0001'));
    clock.advance(5_000);

    const reused = await call(
      client,
      DRAFT,
      draftArgs('intro-key-reused-0001', { target: 'healthcare investors' }),
    );

    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.text).toContain(first.data.introRequest.id);
    expect(reused.text).toContain(first.data.idempotency.firstSeenAt);
    expect(reused.text).toContain('differing: target)');
    expect(counts(path)).toEqual({ requests: 1, keys: 1, events: 1 });
    expect(services.introRequests.get(first.data.introRequest.id).target).toBe(
      'fintech seed investors',
    );
  });

  it('names every changed field, an added optional one included', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services);
    const key = 'intro-key-fields-0001';
    await call(client, DRAFT, draftArgs(key, { context: undefined }));
    const reused = await call(client, DRAFT, draftArgs(key, { subject: 'Someone else' }));
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.text).toContain('differing: context, subject)');
  });

  it('is IDEMPOTENCY_KEY_REUSED naming the tool when another write tool reuses the key', async () => {
    const { services, path } = openTestServices();
    const client = await connectWithTools(services, [failingWrite({ left: 0 })]);
    const first = await call(client, DRAFT, draftArgs('intro-key-tool-00001'));

    const other = await call(client, 'test_failing_write', {
      idempotencyKey: 'intro-key-tool-00001',
      subject: 'Maya Chen, founder of Tallyfox',
    });

    expect(other.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.text).toContain(first.data.introRequest.id);
    expect(other.text).toContain('tool (draft_intro_request vs test_failing_write)');
    expect(counts(path)).toEqual({ requests: 1, keys: 1, events: 1 });
  });
});

describe('draft_intro_request: concurrent duplicates in one process', () => {
  it('make exactly one request, and every caller gets its id', async () => {
    const { services, path } = openTestServices();
    const clients = await Promise.all([1, 2, 3].map(() => connectInMemory(services)));
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(clients[i % 3]!, DRAFT, draftArgs('intro-key-dupes-0001')),
      ),
    );
    const ids = new Set(replies.map((reply) => reply.data.introRequest.id));
    expect(ids.size).toBe(1);
    expect(replies.filter((reply) => !reply.data.idempotency.replayed)).toHaveLength(1);
    expect(counts(path)).toEqual({ requests: 1, keys: 1, events: 1 });
  });
});

describe('a write that fails and rolls back', () => {
  it('leaves the key unused and nothing stored, and a retry with it succeeds fresh', async () => {
    const { services, path } = openTestServices();
    const client = await connectWithTools(services, [failingWrite({ left: 1 })]);
    const args = { idempotencyKey: 'intro-key-rollback-01', subject: 'A founder' };

    const failed = await call(client, 'test_failing_write', args);
    expect(failed.code).toBe('INVALID_STATE');
    expect(counts(path)).toEqual({ requests: 0, keys: 0, events: 0 });

    const retry = await call(client, 'test_failing_write', args);
    expect(retry.isError, retry.text).toBe(false);
    expect(retry.data.idempotency.replayed).toBe(false);
    expect(counts(path)).toEqual({ requests: 1, keys: 1, events: 1 });
  });

  it('rolls back when SQLite itself refuses the stored result, without its raw message', async () => {
    const { services, store, path } = openTestServices();
    const client = await connectInMemory(services);
    // A temporary trigger lives on this connection only: the engine's own insert of the key row
    // fails after the request and its event were written in the same transaction.
    store.db.exec(
      'CREATE TEMP TRIGGER refuse_key BEFORE INSERT ON main.idempotency_keys ' +
        "BEGIN SELECT RAISE(ABORT, 'injected-by-test'); END",
    );

    const failed = await call(client, DRAFT, draftArgs('intro-key-trigger-01'));
    expect(failed.code).toBe('INTERNAL');
    expect(failed.text).not.toContain('injected-by-test');
    expect(counts(path)).toEqual({ requests: 0, keys: 0, events: 0 });

    store.db.exec('DROP TRIGGER temp.refuse_key');
    const retry = await call(client, DRAFT, draftArgs('intro-key-trigger-01'));
    expect(retry.isError, retry.text).toBe(false);
    expect(retry.data.idempotency.replayed).toBe(false);
    expect(counts(path)).toEqual({ requests: 1, keys: 1, events: 1 });
  });
});

describe('a key past the retention window', () => {
  it('replays until the last millisecond of the window', async () => {
    const { services, clock } = openTestServices({ ttlDays: 30 });
    const client = await connectInMemory(services);
    await call(client, DRAFT, draftArgs('intro-key-window-0001'));
    clock.advance(30 * DAY_MS - 1);
    const again = await call(client, DRAFT, draftArgs('intro-key-window-0001'));
    expect(again.data.idempotency.replayed).toBe(true);
  });

  it('answers IDEMPOTENCY_KEY_EXPIRED with the original id, for ever, tombstone kept', async () => {
    const { services, path, clock } = openTestServices({ ttlDays: 30 });
    const client = await connectInMemory(services);
    const first = await call(client, DRAFT, draftArgs('intro-key-expired-01'));
    const id = first.data.introRequest.id as string;

    clock.advance(30 * DAY_MS);
    const expired = await call(client, DRAFT, draftArgs('intro-key-expired-01'));
    expect(expired.code).toBe('IDEMPOTENCY_KEY_EXPIRED');
    expect(expired.text).toContain(id);
    expect(expired.text).toContain('30-day retention');
    expect(expired.text).toContain(`Read it with get_intro_request (requestId '${id}')`);

    // A new write purges expired results; the key row stays as a tombstone.
    await call(client, DRAFT, draftArgs('intro-key-purger-0001'));
    expect(countRows(path, 'idempotency_keys', `resource_id = '${id}' AND result IS NULL`)).toBe(1);

    clock.advance(3650 * DAY_MS);
    for (const args of [
      draftArgs('intro-key-expired-01'),
      draftArgs('intro-key-expired-01', { target: 'someone else' }),
    ]) {
      const later = await call(client, DRAFT, args);
      expect(later.code).toBe('IDEMPOTENCY_KEY_EXPIRED');
      expect(later.text).toContain(id);
    }
    expect(counts(path).requests).toBe(2);
  });
});

describe('an expired key of a resource other than an intro request', () => {
  it('points to the intro request it belongs to, not to a tool that cannot read it', () => {
    const { services, clock } = openTestServices({ ttlDays: 1 });
    const call = {
      principal: 'mb_me',
      tool: 'draft_intro',
      key: 'intro-expired-0001',
      args: { message: 'Hello' },
    };
    services.idempotency.run(call, () => ({ resourceId: 'in_0000test', result: {} }));
    clock.advance(DAY_MS);
    expect(() => services.idempotency.run(call, () => ({ resourceId: 'x', result: {} }))).toThrow(
      /for in_0000test .* get_intro_request of the intro request it belongs to/,
    );
  });
});

describe('a store locked past the busy timeout', () => {
  it('is STORE_BUSY saying it can be retried; nothing runs, and the retry succeeds', async () => {
    const { services, path } = openTestServices({ busyTimeoutMs: 50 });
    const client = await connectInMemory(services);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    let busy;
    try {
      busy = await call(client, DRAFT, draftArgs('intro-key-busy-00001'));
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }

    expect(busy.code).toBe('STORE_BUSY');
    expect(busy.text).toMatch(/Retry the same call/);
    expect(busy.text).toContain(path);
    expect(counts(path)).toEqual({ requests: 0, keys: 0, events: 0 });

    const retry = await call(client, DRAFT, draftArgs('intro-key-busy-00001'));
    expect(retry.isError, retry.text).toBe(false);
    expect(retry.data.idempotency.replayed).toBe(false);
  });
});

describe('the idempotency namespace', () => {
  it('is per principal: one member never replays another member’s result', () => {
    const { services } = openTestServices();
    const run = (principal: string) =>
      services.idempotency.run(
        { principal, tool: DRAFT, key: 'shared-key-0001', args: { subject: 's' } },
        (now) => ({ resourceId: `res-${principal}-${now}`, result: { owner: principal } }),
      );
    expect(run('mb_me')).toMatchObject({ owner: 'mb_me', idempotency: { replayed: false } });
    expect(run('mb_other')).toMatchObject({ owner: 'mb_other', idempotency: { replayed: false } });
    expect(run('mb_me')).toMatchObject({ owner: 'mb_me', idempotency: { replayed: true } });
  });
});
