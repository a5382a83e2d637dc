/**
 * Stores the benchmark runs against: AgentIntros stores preloaded with intro requests through the
 * real tool code, and the memory server's JSONL file preloaded with entities.
 */
import { writeFileSync } from 'node:fs';

import { systemClock } from '../../../src/domain/clock.ts';
import { createServices } from '../../../src/domain/services.ts';
import { draftIntroRequest } from '../../../src/mcp/tools/draft-intro-request.ts';
import { Store } from '../../../src/store/store.ts';

const BATCH = 1000;

/** Creates (or migrates) the store and adds `count` intro requests, each with its key and event. */
export function preloadIntroRequests(path: string, count: number): void {
  const store = Store.open({ path });
  try {
    // Durability is not under test while filling; the server reopens with synchronous=FULL.
    store.db.pragma('synchronous = OFF');
    const services = createServices(store, {
      clock: systemClock,
      idempotencyTtlMs: 30 * 86_400_000,
    });
    const context = { services, actor: () => ({ kind: 'agent' as const, name: 'bench-preload' }) };
    for (let done = 0; done < count; done += BATCH) {
      store.db.transaction(() => {
        for (let i = done; i < Math.min(count, done + BATCH); i += 1) {
          draftIntroRequest.call(
            {
              idempotencyKey: `preload-${i}`,
              subject: `Founder ${i} raising a seed round`,
              target: `fintech investors, batch ${i % 97}`,
              context: 'Preloaded by the benchmark.',
            },
            context,
          );
        }
      })();
    }
  } finally {
    store.close();
  }
}

/** A memory-server file holding `count` entities, in its own JSONL format. */
export function writeMemoryFile(path: string, count: number): void {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    lines.push(
      JSON.stringify({
        type: 'entity',
        name: `Person ${i}`,
        entityType: 'person',
        observations: [`Works at Company ${i % 500}`, 'Met at a conference'],
      }),
    );
  }
  writeFileSync(path, lines.join('\n'));
}
