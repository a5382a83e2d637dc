/**
 * `draft_intro`: one proposed introduction for a request, with the forwardable message, stored as
 * pending_approval. Which parties must opt in is decided from the contact and the path.
 */
import * as z from 'zod';

import { idempotencyInfo, idempotencyKey, intro } from '../schemas.ts';
import { writeTool } from '../tool.ts';
import { text } from '../validation.ts';

export const draftIntro = writeTool({
  name: 'draft_intro',
  title: 'Draft an intro',
  description:
    'Drafts one introduction for an intro request: the contact to meet, the path (direct, or ' +
    "through a connector: pass a match's path.connector.id from list_matches as connectorId) and " +
    'a short message the person can forward. Stored as pending_approval; nothing is sent. A ' +
    'person approves the request, then the intro; then the contact (unless they accept direct ' +
    'intros) and the connector (on a connector path) must opt in before it can be made. ' +
    'Refused with NOT_ALLOWED for a contact marked do-not-introduce and INVALID_STATE for a ' +
    'rejected, withdrawn or closed request. Next: schedule_follow_up with the returned intro.id. ' +
    'Idempotency: idempotencyKey is required; use one new key per intro. Retrying with the same ' +
    'key and arguments returns the stored result (idempotency.replayed: true); the same key with ' +
    'other arguments fails with IDEMPOTENCY_KEY_REUSED. Stored results are replayed for 30 days, ' +
    'after which the key answers IDEMPOTENCY_KEY_EXPIRED.',
  input: z.strictObject({
    idempotencyKey,
    requestId: text({ min: 1, max: 100 }).describe('The intro request (ir_...) this intro serves.'),
    contactId: text({ min: 1, max: 100 }).describe(
      'The contact to introduce (ct_...), from list_matches or search_contacts.',
    ),
    connectorId: text({ min: 1, max: 100 })
      .optional()
      .describe(
        "The member (mb_...) the path runs through, from a match's path.connector.id; omit it " +
          'for a direct intro.',
      ),
    message: text({ min: 1, max: 4000, multiline: true }).describe(
      'The forwardable intro text, written to the contact (1-4000 characters).',
    ),
  }),
  output: z.object({ intro, idempotency: idempotencyInfo }),
  execute(args, context, now) {
    const created = context.services.intros.draftInTransaction(now, context.actor(), args);
    const [intro] = context.services.contacts.introsForAgents([created]);
    return { resourceId: created.id, result: { intro: intro! } };
  },
});
