/**
 * `schedule_follow_up`: a dated reminder on an intro or an intro request. The due date is read
 * strictly; a bare date means 09:00 UTC that day.
 */
import * as z from 'zod';

import { AppError } from '../../domain/errors.ts';
import { dueAtProblem, parseDueAt } from '../../domain/follow-ups.ts';
import { followUp, idempotencyInfo, idempotencyKey } from '../schemas.ts';
import { writeTool } from '../tool.ts';
import { text } from '../validation.ts';

const dueAt = text({ min: 1, max: 40 })
  .refine((value) => parseDueAt(value) !== undefined, {
    error: (issue) => dueAtProblem(String(issue.input)),
  })
  .describe(
    'When it is due: an ISO 8601 date such as 2026-12-10 (read as 09:00 UTC that day) or a ' +
      'date-time with an offset such as 2026-12-10T15:30:00+01:00 or 2026-12-10T14:30:00Z. ' +
      'Not in the past.',
  );

export const scheduleFollowUp = writeTool({
  name: 'schedule_follow_up',
  title: 'Schedule a follow-up',
  description:
    'Schedules a reminder for a person to follow up on an intro (introId) or on a whole intro ' +
    'request (requestId): pass exactly one. dueAt is an ISO 8601 date (2026-12-10, read as ' +
    '09:00 UTC that day) or a date-time with Z or an offset (2026-12-10T15:30:00+01:00); it must ' +
    'not be in the past. It shows in the person\'s "agentintros followups --due" once due. ' +
    'Idempotency: idempotencyKey is required; use one key per intro and due date. Retrying with ' +
    'the same key and arguments returns the stored result (idempotency.replayed: true); the same ' +
    'key with another dueAt or note fails with IDEMPOTENCY_KEY_REUSED, so a second reminder ' +
    'needs a new key. Stored results are replayed for 30 days, after which the key answers ' +
    'IDEMPOTENCY_KEY_EXPIRED.',
  input: z.strictObject({
    idempotencyKey,
    introId: text({ min: 1, max: 100 }).optional().describe('The intro (in_...) to follow up on.'),
    requestId: text({ min: 1, max: 100 })
      .optional()
      .describe('The intro request (ir_...) to follow up on, when not one intro.'),
    dueAt,
    note: text({ max: 1000, multiline: true })
      .optional()
      .describe('What to follow up about (up to 1000 characters).'),
  }),
  output: z.object({ followUp, idempotency: idempotencyInfo }),
  check(args) {
    if ((args.introId === undefined) === (args.requestId === undefined)) {
      throw new AppError(
        'VALIDATION_ERROR',
        `Invalid arguments for schedule_follow_up: pass exactly one of introId or requestId ` +
          `(${args.introId === undefined ? 'neither was given' : 'both were given'}); for ` +
          "example { introId: 'in_...', dueAt: '2026-12-10' }.",
        { fields: ['introId', 'requestId'] },
      );
    }
  },
  execute(args, context, now) {
    const created = context.services.followUps.scheduleInTransaction(now, context.actor(), args);
    return { resourceId: created.id, result: { followUp: created } };
  },
});
