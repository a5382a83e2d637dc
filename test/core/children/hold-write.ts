/**
 * A child for the crash test: runs one idempotent draft through the real engine on the store
 * at argv[2] with key argv[3], says "inserted ID" once the rows are written, then never commits.
 */
import { writeSync } from 'node:fs';

import { systemClock } from '../../../src/domain/clock.ts';
import { createServices } from '../../../src/domain/services.ts';
import { Store } from '../../../src/store/store.ts';

const [path, key] = process.argv.slice(2);
const store = Store.open({ path: path! });
const services = createServices(store, { clock: systemClock, idempotencyTtlMs: 86_400_000 });
const args = { subject: 'A founder', target: 'investors', approval: 'human_required' };

services.idempotency.run(
  { principal: services.principal, tool: 'draft_intro_request', key: key!, args },
  (now) => {
    const created = services.introRequests.draftInTransaction(
      now,
      { kind: 'agent', name: 'crash-child' },
      services.principal,
      args,
    );
    writeSync(1, `inserted ${created.id}\n`);
    // Block inside the open transaction until the parent kills this process.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    return { resourceId: created.id, result: { introRequest: created } };
  },
);
