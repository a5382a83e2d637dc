import * as z from 'zod';

import { REQUEST_STATUSES } from '../../domain/status.ts';
import { cursor, introRequest } from '../schemas.ts';
import { readTool } from '../tool.ts';

export const listIntroRequests = readTool({
  name: 'list_intro_requests',
  title: 'List intro requests',
  description:
    'Lists intro requests, newest first, optionally only those with one status. Read-only. ' +
    'Pass nextCursor back as cursor for the next page. Use it to find a requestId for ' +
    'get_intro_request or list_matches.',
  input: z.strictObject({
    status: z.enum(REQUEST_STATUSES).optional().describe('Only requests with this status.'),
    limit: z.int().min(1).max(50).default(20).describe('Page size, 1-50 (default 20).'),
    cursor: cursor.optional(),
  }),
  output: z.object({
    introRequests: z.array(introRequest),
    nextCursor: z.string().optional(),
  }),
  run(args, { services }) {
    return services.introRequests.list({ principal: services.principal, ...args });
  },
});
