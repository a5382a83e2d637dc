/**
 * A child for test/network/search-index-concurrency.test.ts: imports argv[3] into the store at argv[2] in
 * batches of argv[4] rows, for the member argv[5] when given, and says "done" on stdout.
 */
import { writeSync } from 'node:fs';

import { systemClock } from '../../src/domain/clock.ts';
import { createServices } from '../../src/domain/services.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { Store } from '../../src/store/store.ts';

const [path, file, batch, member] = process.argv.slice(2);
const store = Store.open({ path: path!, busyTimeoutMs: 20_000 });
const services = createServices(store, { clock: systemClock, idempotencyTtlMs: 86_400_000 });
const report = await importFile(services, file!, {
  batchSize: Number(batch),
  ...(member ? { member } : {}),
});
writeSync(1, `done ${report.created} ${report.merged}\n`);
store.close();
