import * as z from 'zod';

import { AppError } from '../../domain/errors.ts';
import { idempotencyInfo, idempotencyKey, introRequest } from '../schemas.ts';
import { writeTool } from '../tool.ts';
import { text } from '../validation.ts';

export const draftIntroRequest = writeTool({
  name: 'draft_intro_request',
  title: 'Draft an intro request',
  description:
    'Records what the user wants: who is being introduced (subject) and whom they want to meet ' +
    '(target), as an intro request pending approval by a person. Nothing is sent to anyone. ' +
    'Next: call list_matches with the returned introRequest.id to find people in the network. ' +
    'Idempotency: idempotencyKey is required; use one new key per user intent. Retrying with ' +
    'the same key and the same arguments returns the stored result (idempotency.replayed: true) ' +
    'instead of a duplicate; the same key with other arguments fails with IDEMPOTENCY_KEY_REUSED. ' +
    'Stored results are replayed for 30 days, after which the key answers IDEMPOTENCY_KEY_EXPIRED.',
  input: z.strictObject({
    idempotencyKey,
    subject: text({ min: 1, max: 200 }).describe(
      'Who is being introduced, e.g. "Founder of Acme raising a seed round" (1-200 characters).',
    ),
    target: text({ min: 1, max: 200 }).describe(
      'Whom they want to meet, e.g. "fintech seed investors in Europe" (1-200 characters).',
    ),
    context: text({ max: 4000, multiline: true })
      .optional()
      .describe('Background a person approving this should know (up to 4000 characters).'),
    approval: z
      .string()
      .max(100)
      .default('human_required')
      .describe(
        'Always "human_required": a person approves every request. Other values are refused.',
      ),
  }),
  output: z.object({ introRequest, idempotency: idempotencyInfo }),
  check(args) {
    if (args.approval !== 'human_required') {
      throw new AppError(
        'NOT_ALLOWED',
        `approval '${args.approval.slice(0, 40)}' is not allowed: every intro request waits for a ` +
          'person\'s approval. Omit approval or pass "human_required".',
      );
    }
  },
  execute(args, context, now) {
    const { services } = context;
    const created = services.introRequests.draftInTransaction(
      now,
      context.actor(),
      services.principal,
      {
        subject: args.subject,
        target: args.target,
        context: args.context,
      },
    );
    return { resourceId: created.id, result: { introRequest: created } };
  },
});
