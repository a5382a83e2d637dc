/**
 * The built server answers tools/list with a list the build computed (src/build.mjs); it must
 * be the very list the sources describe, which the tools/list snapshot pins down.
 */
import { describe, expect, it } from 'vitest';

import { connectInMemory, spawnServer } from '../helpers/mcp.ts';
import { openTestServices, tempDbPath } from '../helpers/store.ts';

describe('tools/list of the built server', () => {
  it('is the list the sources describe, schema for schema', async () => {
    const built = await spawnServer(tempDbPath());
    const fromSource = await connectInMemory(openTestServices().services);
    expect((await built.listTools()).tools).toEqual((await fromSource.listTools()).tools);
  });
});
