import { z } from 'zod';

import { eventsFor } from '../../store/events.ts';
import { auditEvent, introRequest } from '../schemas.ts';
import { readTool } from '../tool.ts';
import { text } from '../validation.ts';

export const getIntroRequest = readTool({
  name: 'get_intro_request',
  title: 'Get an intro request',
  description:
    'Returns one intro request with its status (pending_approval until a person decides), its ' +
    'drafted intros, its follow-ups and its recent audit events. Read-only. Use it to check ' +
    'whether a person has approved or rejected a request before drafting more.',
  input: z.strictObject({
    requestId: text({ min: 1, max: 100 }).describe('The id of the intro request (ir_...).'),
  }),
  output: z.object({
    introRequest,
    intros: z.array(z.record(z.string(), z.unknown())),
    followUps: z.array(z.record(z.string(), z.unknown())),
    events: z.array(auditEvent),
  }),
  run(args, { services }) {
    return services.store.read(() => {
      const request = services.introRequests.get(args.requestId);
      return {
        introRequest: request,
        // Intros and follow-ups are drafted by the tools of issue #4; until then none exist.
        intros: [],
        followUps: [],
        events: eventsFor(services.store.db, [request.id], 20),
      };
    });
  },
});
