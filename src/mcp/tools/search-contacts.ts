import * as z from 'zod';

import { cursor } from '../schemas.ts';
import { readTool } from '../tool.ts';
import { text } from '../validation.ts';
import { matchSchema, pageLimit, trustFilter } from './list-matches.ts';

export const searchContacts = readTool({
  name: 'search_contacts',
  title: 'Search contacts',
  description:
    "Searches the user's network by words in name, title, company, tags and notes (any word " +
    'may match; punctuation and operators are treated as plain words). Each result has the ' +
    'same fields as a list_matches match: score = 0.6 x relevance + 0.4 x trustScore, the best ' +
    'path and its trust factors, and reasons; plus doNotIntroduce, true when a person asked ' +
    'that no intro be drafted to them. Sorted by score, then id. Read-only; no e-mails or ' +
    'phones. Pass nextCursor back as cursor for the next page. To find people for an intro, ' +
    'prefer draft_intro_request then list_matches.',
  input: z.strictObject({
    query: text({ max: 10_000, multiline: true }).describe(
      'Words to look for, e.g. "fintech investor Berlin" (up to 10,000 characters; the first ' +
        '32 distinct words count).',
    ),
    minTrustScore: trustFilter,
    limit: pageLimit,
    cursor: cursor.optional(),
  }),
  output: z.object({
    contacts: z.array(
      matchSchema.extend({
        doNotIntroduce: z
          .boolean()
          .describe('true: a person marked them do-not-introduce; draft no intro to them'),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  run(args, { services }) {
    return services.store.read(() => {
      const found = services.network.search(args.query, args);
      return { ...found, contacts: services.contacts.matchesForAgents(found.contacts) };
    });
  },
});
