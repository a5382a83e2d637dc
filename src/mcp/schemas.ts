/**
 * The zod shapes shared by several tools' input and output schemas.
 */
import * as z from 'zod';

import { FOLLOW_UP_STATUSES, INTRO_STATUSES, REQUEST_STATUSES } from '../domain/status.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../store/idempotency.ts';

export const idempotencyKey = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN)
  .describe(
    'Required. 8-255 characters of A-Z a-z 0-9 . _ : -. One new key per user intent; reuse it ' +
      'only to retry the same call, which returns the stored result instead of a duplicate.',
  );

export const actor = z.object({
  kind: z.enum(['agent', 'human', 'system']),
  name: z.string(),
  version: z.string().optional(),
});

export const idempotencyInfo = z.object({
  key: z.string(),
  replayed: z.boolean().describe('true when this is the stored result of an earlier call'),
  firstSeenAt: z.string(),
});

export const introRequest = z.object({
  id: z.string(),
  subject: z.string(),
  target: z.string(),
  context: z.string().nullable(),
  approval: z.literal('human_required'),
  status: z.enum(REQUEST_STATUSES),
  decisionNote: z.string().nullable(),
  createdBy: actor,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const optIn = z.enum(['not_required', 'pending', 'opted_in', 'declined']);

export const intro = z.object({
  id: z.string(),
  requestId: z.string(),
  contact: z.object({
    id: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    company: z.string().nullable(),
  }),
  path: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('direct') }),
    z.object({
      kind: z.literal('via_connector'),
      connector: z.object({ id: z.string(), name: z.string() }),
    }),
  ]),
  message: z.string(),
  status: z.enum(INTRO_STATUSES),
  optIns: z
    .object({ target: optIn, connector: optIn })
    .describe('Who must agree before the introduction is made, and whether they have'),
  trustScore: z.number().nullable().describe('Trust of the path (0-1) when drafted, if known'),
  decisionNote: z.string().nullable(),
  declineReason: z.string().nullable(),
  createdBy: actor,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const followUp = z.object({
  id: z.string(),
  requestId: z.string(),
  introId: z.string().nullable(),
  dueAt: z.string(),
  note: z.string().nullable(),
  status: z.enum(FOLLOW_UP_STATUSES),
  createdBy: actor,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const auditEvent = z.object({
  id: z.string(),
  seq: z.number(),
  at: z.string(),
  actor,
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  beforeStatus: z.string().nullable(),
  afterStatus: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const cursor = z
  .string()
  .max(500)
  .describe('The nextCursor of the previous page; omit it for the first page.');
