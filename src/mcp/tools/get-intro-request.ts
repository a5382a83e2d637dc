import * as z from 'zod';

import { withholdFor } from '../../domain/withheld.ts';
import { eventsFor } from '../../store/events.ts';
import { auditEvent, followUp, intro, introRequest } from '../schemas.ts';
import { readTool } from '../tool.ts';
import { text } from '../validation.ts';

export const getIntroRequest = readTool({
  name: 'get_intro_request',
  title: 'Get an intro request',
  description:
    'Returns one intro request with its status (pending_approval until a person decides), its ' +
    'drafted intros with their opt-in state, its follow-ups and the 20 most recent audit events ' +
    'of the request, its intros and its follow-ups. Read-only. Use it to check whether a person ' +
    'has approved or rejected a request or an intro before drafting more.',
  input: z.strictObject({
    requestId: text({ min: 1, max: 100 }).describe('The id of the intro request (ir_...).'),
  }),
  output: z.object({
    introRequest,
    intros: z.array(intro),
    followUps: z.array(followUp),
    events: z.array(auditEvent),
  }),
  run(args, { services }) {
    return services.store.read(() => {
      const request = services.introRequests.get(args.requestId);
      const intros = services.contacts.introsForAgents(services.intros.forRequest(request.id));
      const followUps = services.followUps.forRequest(request.id);
      const ids = [request.id, ...intros.map((i) => i.id), ...followUps.map((f) => f.id)];
      // What people wrote (notes, reasons) may quote an address or a number too.
      const anyone = withholdFor([]);
      return {
        introRequest: {
          ...request,
          decisionNote: request.decisionNote && anyone(request.decisionNote),
        },
        intros,
        followUps,
        events: eventsFor(services.store.db, ids, 20).map((event) => ({
          ...event,
          data: Object.fromEntries(
            Object.entries(event.data).map(([key, value]) => [
              key,
              typeof value === 'string' ? anyone(value) : value,
            ]),
          ),
        })),
      };
    });
  },
});
