/**
 * Limits (SPEC §3, §5): every string field of every registered tool has a documented maximum;
 * at the maximum a call passes the limit, one character more is PAYLOAD_TOO_LARGE naming the
 * field, and a whole call over MAX_CALL_BYTES is PAYLOAD_TOO_LARGE. Prints the table of limits.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { beforeEach, describe, expect, it } from 'vitest';

import { describeTool } from '../../src/mcp/server.ts';
import type { Tool } from '../../src/mcp/tool.ts';
import { TOOLS } from '../../src/mcp/tools/index.ts';
import { MAX_CALL_BYTES } from '../../src/mcp/validation.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';
import { seedNetwork } from './harness.ts';

interface Property {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

/** Fields of free text: at their maximum of plain letters, the call must succeed outright. */
const FREE_TEXT = new Set(['subject', 'target', 'context', 'message', 'note', 'query']);

function propertiesOf(tool: Tool): { properties: Record<string, Property>; required: string[] } {
  const schema = describeTool(tool).inputSchema as {
    properties?: Record<string, Property>;
    required?: string[];
  };
  return { properties: schema.properties ?? {}, required: schema.required ?? [] };
}

let client: Client;
let ids: Record<string, string>;
let keyCounter = 0;
const rows: string[] = [];

/** The smallest valid call: its required fields, plus a real requestId where one is taken. */
function baseArguments(tool: Tool): Record<string, unknown> {
  const { properties, required } = propertiesOf(tool);
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (!required.includes(name) && name !== 'requestId') continue;
    if (name === 'idempotencyKey') args[name] = `limits-key-${++keyCounter}`;
    else if (ids[name]) args[name] = ids[name];
    else if (/At$/.test(name)) args[name] = '2027-01-15';
    else if (property.enum) args[name] = property.enum[0];
    else if (property.type === 'integer' || property.type === 'number') {
      args[name] = property.minimum ?? 1;
    } else args[name] = 'a'.repeat(Math.max(property.minLength ?? 1, 1));
  }
  return args;
}

describe('the documented limit of every tool field', () => {
  // The helpers close stores and clients after each test, so each test gets its own.
  beforeEach(async () => {
    const { services } = openTestServices();
    const network = seedNetwork(services.store.db, 3);
    client = await connectInMemory(services);
    const request = await call(client, 'draft_intro_request', {
      idempotencyKey: 'limits-request-0001',
      subject: 'A founder',
      target: 'fintech investor',
    });
    ids = { requestId: request.data.introRequest.id, contactId: network.contactIds[0]! };
  });

  for (const tool of TOOLS) {
    const { properties } = propertiesOf(tool);
    for (const [field, property] of Object.entries(properties)) {
      if (property.type !== 'string' || property.enum) continue;
      if (field === 'idempotencyKey') {
        it(`${tool.name}.${field}: 255 characters pass, 256 are IDEMPOTENCY_KEY_INVALID`, async () => {
          const ok = await call(client, tool.name, {
            ...baseArguments(tool),
            [field]: `k${++keyCounter}-`.padEnd(255, 'k'),
          });
          expect(ok.code).not.toBe('IDEMPOTENCY_KEY_INVALID');
          const over = await call(client, tool.name, {
            ...baseArguments(tool),
            [field]: 'k'.repeat(256),
          });
          expect(over.code).toBe('IDEMPOTENCY_KEY_INVALID');
          rows.push(
            `| \`${tool.name}\` | \`${field}\` | 8–255 of \`A–Z a–z 0–9 . _ : -\` | IDEMPOTENCY_KEY_INVALID |`,
          );
        });
        continue;
      }
      it(`${tool.name}.${field}: at most ${property.maxLength} characters`, async () => {
        // Every string field must document its maximum.
        expect(property.maxLength, `${tool.name}.${field} has no maxLength`).toBeDefined();
        const max = property.maxLength!;

        const atMax = await call(client, tool.name, {
          ...baseArguments(tool),
          [field]: 'a'.repeat(max),
        });
        expect(atMax.code, atMax.text).not.toBe('PAYLOAD_TOO_LARGE');
        expect(atMax.code, atMax.text).not.toBe('INTERNAL');
        if (FREE_TEXT.has(field)) expect(atMax.isError, atMax.text).toBe(false);

        const over = await call(client, tool.name, {
          ...baseArguments(tool),
          [field]: 'a'.repeat(max + 1),
        });
        expect(over.code).toBe('PAYLOAD_TOO_LARGE');
        expect(over.text).toContain(field);
        rows.push(`| \`${tool.name}\` | \`${field}\` | ${max} characters | PAYLOAD_TOO_LARGE |`);
      });
    }
    for (const [field, property] of Object.entries(properties)) {
      if (property.type !== 'integer' && property.type !== 'number') continue;
      it(`${tool.name}.${field}: ${property.minimum} to ${property.maximum}`, async () => {
        expect(property.maximum, `${tool.name}.${field} has no maximum`).toBeDefined();
        const atMax = await call(client, tool.name, {
          ...baseArguments(tool),
          [field]: property.maximum,
        });
        expect(atMax.code, atMax.text).not.toBe('VALIDATION_ERROR');
        const over = await call(client, tool.name, {
          ...baseArguments(tool),
          [field]: property.maximum! + 1,
        });
        expect(over.code).toBe('VALIDATION_ERROR');
        expect(over.text).toContain(field);
        rows.push(
          `| \`${tool.name}\` | \`${field}\` | ${property.minimum}–${property.maximum} | VALIDATION_ERROR |`,
        );
      });
    }

    it(`${tool.name}: every field at its maximum fits in one call; a bigger call is refused`, async () => {
      const full = baseArguments(tool);
      for (const [field, property] of Object.entries(properties)) {
        if (property.type === 'string' && property.maxLength && field !== 'idempotencyKey') {
          full[field] ??= 'a'.repeat(property.maxLength);
        }
      }
      expect(Buffer.byteLength(JSON.stringify(full))).toBeLessThanOrEqual(MAX_CALL_BYTES);

      const over = await call(client, tool.name, {
        ...baseArguments(tool),
        padding: 'a'.repeat(MAX_CALL_BYTES),
      });
      expect(over.code).toBe('PAYLOAD_TOO_LARGE');
      expect(over.text).toContain(`the maximum for one call is ${MAX_CALL_BYTES}`);
      rows.push(
        `| \`${tool.name}\` | (whole call) | ${MAX_CALL_BYTES} bytes of JSON | PAYLOAD_TOO_LARGE |`,
      );
    });
  }

  it('prints the table of limits for the README', () => {
    const table = ['| tool | field | maximum | beyond it |', '|---|---|---|---|', ...rows];
    console.log(`limits of ${TOOLS.length} tools:\n${table.join('\n')}`);
    expect(rows.length).toBeGreaterThan(TOOLS.length);
  });
});
