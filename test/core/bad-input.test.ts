/**
 * Bad input over MCP (SPEC §3, §5): each is a clear `CODE: message` naming the value and the fix,
 * never a crash, and nothing is stored.
 */
import { describe, expect, it } from 'vitest';

import { call, connectInMemory, spawnServer } from '../helpers/mcp.ts';
import { openTestServices, tempDbPath } from '../helpers/store.ts';
import { countRows, draftArgs } from './support.ts';

async function setUp() {
  const { services, path } = openTestServices();
  const client = await connectInMemory(services);
  return { client, path };
}

function assertNothingStored(path: string): void {
  expect(countRows(path, 'intro_requests')).toBe(0);
  expect(countRows(path, 'idempotency_keys')).toBe(0);
  expect(countRows(path, 'events')).toBe(0);
}

describe('over-long fields', () => {
  it.each([
    ['subject', 200],
    ['target', 200],
    ['context', 4000],
  ])(
    'draft_intro_request refuses a %s over %i characters with PAYLOAD_TOO_LARGE',
    async (field, max) => {
      const { client, path } = await setUp();
      const atMax = await call(client, 'draft_intro_request', {
        ...draftArgs(`long-${field}-at-max`),
        [field]: 'x'.repeat(max),
      });
      expect(atMax.isError, atMax.text).toBe(false);

      const over = await call(client, 'draft_intro_request', {
        ...draftArgs(`long-${field}-over-1`),
        [field]: 'x'.repeat(max + 1),
      });
      expect(over.code).toBe('PAYLOAD_TOO_LARGE');
      expect(over.text).toContain(`${field} is longer than ${max} characters`);
      expect(countRows(path, 'intro_requests')).toBe(1);
    },
  );

  it('refuses a whole call over the size limit, naming the limit', async () => {
    const { client, path } = await setUp();
    const reply = await call(client, 'draft_intro_request', {
      ...draftArgs('huge-call-00001'),
      context: 'x'.repeat(70_000),
    });
    expect(reply.code).toBe('PAYLOAD_TOO_LARGE');
    expect(reply.text).toMatch(/maximum for one call is \d+/);
    assertNothingStored(path);
  });

  it('refuses an over-long requestId and cursor on reads', async () => {
    const { client } = await setUp();
    const id = await call(client, 'get_intro_request', { requestId: `ir_${'x'.repeat(200)}` });
    expect(id.code).toBe('PAYLOAD_TOO_LARGE');
    expect(id.text).toContain('requestId');
    const cursor = await call(client, 'list_intro_requests', { cursor: 'c'.repeat(501) });
    expect(cursor.code).toBe('PAYLOAD_TOO_LARGE');
    expect(cursor.text).toContain('cursor');
  });
});

describe('text that is not plain text', () => {
  const CONTROL = 'contains control characters';
  const BLANK = 'is blank';
  it.each([
    ['a NUL', 'subject', 'Maya\u0000Chen', CONTROL],
    ['a bell', 'target', 'investors\u0007', CONTROL],
    ['a line break in a one-line field', 'subject', 'Maya\nChen', CONTROL],
    ['an escape sequence', 'target', '\u001b[31mred', CONTROL],
    ['DEL', 'subject', 'Maya\u007f', CONTROL],
    ['a control character in the multi-line context', 'context', 'fine\nthen\u0001', CONTROL],
    ['a lone carriage return in the multi-line context', 'context', 'Send it.\rHi Aisha', CONTROL],
    ['a C1 control (CSI)', 'target', 'investors\u009b2J', CONTROL],
    ['a bidi override', 'context', 'Wire \u202e0001$\u202c', CONTROL],
    ['a required field of only spaces', 'subject', '   ', BLANK],
    ['a required field of a zero-width space', 'target', '\u200b', BLANK],
    ['a required field of a Hangul filler', 'target', '\u3164', BLANK],
    ['a soft hyphen and a combining accent alone', 'subject', '\u00ad\u0301', BLANK],
  ])('refuses %s with VALIDATION_ERROR naming the field', async (_, field, value, why) => {
    const { client, path } = await setUp();
    const reply = await call(client, 'draft_intro_request', {
      ...draftArgs('not-plain-text-01'),
      [field]: value,
    });
    expect(reply.code).toBe('VALIDATION_ERROR');
    expect(reply.text).toContain(`${field}: ${why}`);
    assertNothingStored(path);
  });

  it('accepts tabs and line breaks in the context', async () => {
    const { client } = await setUp();
    const reply = await call(client, 'draft_intro_request', {
      ...draftArgs('context-breaks-01'),
      context: 'Line one\r\nLine two\n\tindented',
    });
    expect(reply.isError, reply.text).toBe(false);
  });

  it('refuses a lone surrogate sent over stdio, and keeps serving', async () => {
    const db = tempDbPath();
    const client = await spawnServer(db);
    const reply = await call(client, 'draft_intro_request', {
      ...draftArgs('lone-surrogate-01'),
      subject: 'Maya \ud800 Chen',
    });
    expect(reply.code).toBe('VALIDATION_ERROR');
    expect(reply.text).toContain('subject: contains a lone UTF-16 surrogate');
    const next = await call(client, 'draft_intro_request', {
      ...draftArgs('lone-surrogate-01'),
      subject: 'Maya 😀 Chen',
    });
    expect(next.isError, next.text).toBe(false);
    expect(next.data.introRequest.subject).toBe('Maya 😀 Chen');
  });
});

describe('wrong types and values', () => {
  it.each([
    [
      'draft_intro_request',
      { ...draftArgs('types-0001'), subject: 42 },
      'subject must be a string, not number 42',
    ],
    [
      'draft_intro_request',
      { ...draftArgs('types-0002'), context: null },
      'context must be a string, not null',
    ],
    [
      'draft_intro_request',
      { ...draftArgs('types-0003'), target: ['a'] },
      'target must be a string, not an array',
    ],
    [
      'draft_intro_request',
      { ...draftArgs('types-0004'), subject: '' },
      'subject must not be empty',
    ],
    ['list_intro_requests', { limit: '5' }, 'limit must be a number, not string "5"'],
    ['list_intro_requests', { limit: 0 }, 'limit must be at least 1'],
    ['list_intro_requests', { limit: 51 }, 'limit must be at most 50'],
    ['list_intro_requests', { limit: 2.5 }, 'limit'],
    [
      'list_intro_requests',
      { status: 'done' },
      'status must be one of "pending_approval", "approved"',
    ],
    ['get_intro_request', {}, 'requestId is required'],
  ])('%s refuses %j with VALIDATION_ERROR: %s', async (tool, args, message) => {
    const { client, path } = await setUp();
    const reply = await call(client, tool, args);
    expect(reply.code).toBe('VALIDATION_ERROR');
    expect(reply.text).toContain(message);
    expect(reply.data).toBeUndefined();
    assertNothingStored(path);
  });

  it('refuses unknown fields, naming them and saying to remove them', async () => {
    const { client, path } = await setUp();
    const reply = await call(client, 'draft_intro_request', {
      ...draftArgs('unknown-fields-1'),
      status: 'approved',
      sendNow: true,
    });
    expect(reply.code).toBe('VALIDATION_ERROR');
    expect(reply.text).toContain("unknown fields 'status', 'sendNow'; remove them");
    assertNothingStored(path);
  });

  it('refuses a __proto__ field as an unknown field, not as a prototype', async () => {
    const { client, path } = await setUp();
    const args = JSON.parse(
      '{"idempotencyKey":"proto-key-0001","subject":"A","target":"B","__proto__":{"approval":"auto"}}',
    );
    const reply = await call(client, 'draft_intro_request', args);
    expect(reply.code).toBe('VALIDATION_ERROR');
    expect(reply.text).toContain("unknown field '__proto__'");
    assertNothingStored(path);
  });
});

describe('unknown ids and cursors', () => {
  it.each(['ir_000000000deadbeefdeadbeef', 'not-an-id', 'ct_123'])(
    'get_intro_request answers NOT_FOUND for %s, naming list_intro_requests',
    async (requestId) => {
      const { client } = await setUp();
      const reply = await call(client, 'get_intro_request', { requestId });
      expect(reply.code).toBe('NOT_FOUND');
      expect(reply.text).toContain(`'${requestId}'`);
      expect(reply.text).toContain('list_intro_requests');
    },
  );

  it.each([
    ['garbage', 'not-a-cursor'],
    ['JSON of the wrong shape', Buffer.from('{"page":2}').toString('base64url')],
    ['JSON that is not an object', Buffer.from('42').toString('base64url')],
  ])('list_intro_requests refuses a cursor that is %s, naming it and the fix', async (_, value) => {
    const { client } = await setUp();
    const reply = await call(client, 'list_intro_requests', { cursor: value });
    expect(reply.code).toBe('VALIDATION_ERROR');
    expect(reply.text).toContain(`cursor '${value.slice(0, 40)}'`);
    expect(reply.text).toContain('omit cursor');
  });

  it('pages newest first with the cursors it issues', async () => {
    const { services, path, clock } = openTestServices();
    const client = await connectInMemory(services);
    for (let i = 0; i < 5; i += 1) {
      clock.advance(1000);
      await call(
        client,
        'draft_intro_request',
        draftArgs(`paging-key-000${i}`, { subject: `S${i}` }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(client, 'list_intro_requests', {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.data.introRequests.map((r: { subject: string }) => r.subject));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['S4', 'S3', 'S2', 'S1', 'S0']);
    expect(countRows(path, 'intro_requests')).toBe(5);
  });
});

describe('list_intro_requests paging under a frozen clock', () => {
  it('neither repeats nor skips requests created in the same millisecond', async () => {
    const { services } = openTestServices();
    const client = await connectInMemory(services);
    for (let i = 0; i < 7; i += 1) {
      await call(client, 'draft_intro_request', draftArgs(`same-ms-key-000${i}`));
    }
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(client, 'list_intro_requests', {
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.data.introRequests.map((r: { id: string }) => r.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect([...ids].sort().reverse()).toEqual(ids);
  });
});
