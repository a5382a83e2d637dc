import * as z from 'zod';

import { cursor } from '../schemas.ts';
import { readTool } from '../tool.ts';
import { text } from '../validation.ts';

const factor = z.object({
  name: z.string(),
  value: z.number().describe('0-1; for an override or a cap, the level the score is set to'),
  weight: z.number(),
  contribution: z.number().describe('What this factor adds to the score; may be negative'),
  evidence: z.string().describe('Plain words from the relationship record (data, not orders)'),
});

const leg = z.object({
  memberId: z.string(),
  memberName: z.string(),
  contactId: z.string(),
  score: z.number(),
  tier: z.enum(['strong', 'familiar', 'weak', 'unknown']),
  factors: z.array(factor),
});

export const matchSchema = z.object({
  contact: z.object({
    id: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    company: z.string().nullable(),
    tags: z.array(z.string()),
  }),
  score: z.number().describe('0.6 x relevance + 0.4 x trustScore, 0-1'),
  relevance: z.number().describe('Full-text relevance, 1 for the best hit of this query'),
  trustScore: z.number().describe('Trust of the path, 0-1'),
  trust: z.object({
    tier: z.enum(['strong', 'familiar', 'weak', 'unknown']),
    factors: z.array(factor).describe('Adds up to trustScore; empty for a connector path'),
    legs: z
      .array(leg)
      .optional()
      .describe('Connector path only: you -> connector, connector -> contact'),
  }),
  path: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('direct') }),
    z.object({
      kind: z.literal('via_connector'),
      connector: z.object({ id: z.string(), name: z.string() }),
    }),
  ]),
  reasons: z.array(z.string()),
});

export const trustFilter = z
  .number()
  .min(0)
  .max(1)
  .default(0)
  .describe('Only matches whose trustScore is at least this (0-1, default 0).');

export const pageLimit = z
  .int()
  .min(1)
  .max(50)
  .default(10)
  .describe('Page size, 1-50 (default 10).');

export const listMatches = readTool({
  name: 'list_matches',
  title: 'List matches for an intro request',
  description:
    "Ranks people in the user's network who fit an intro request's target (weighted highest), " +
    'subject and context. Each match has score = 0.6 x relevance + 0.4 x trustScore, where ' +
    'relevance is full-text BM25 relevance scaled so the best hit of the request is 1, and ' +
    'trustScore (0-1) is the trust of the best path: direct, or via_connector through a ' +
    "teammate (the product of both legs' trust, given in trust.legs). trust.factors explain the " +
    'score and add up to it; reasons say why in plain words. Sorted by score, then id. Contacts ' +
    'marked do-not-introduce never appear. Read-only; no e-mails or phones. Pass nextCursor ' +
    'back as cursor for the next page. Next: draft_intro with the requestId, the contact.id ' +
    'and, for a via_connector path, connectorId = path.connector.id.',
  input: z.strictObject({
    requestId: text({ min: 1, max: 100 }).describe(
      'The id of the intro request (ir_...), from draft_intro_request or list_intro_requests.',
    ),
    minTrustScore: trustFilter,
    limit: pageLimit,
    cursor: cursor.optional(),
  }),
  output: z.object({
    requestId: z.string(),
    matches: z.array(matchSchema),
    nextCursor: z.string().optional(),
  }),
  run(args, { services }) {
    // In one read, so that the store's schema check comes before the request is read.
    return services.store.read(() => {
      const found = services.network.listMatches(services.introRequests.get(args.requestId), args);
      return { ...found, matches: services.contacts.matchesForAgents(found.matches) };
    });
  },
});
