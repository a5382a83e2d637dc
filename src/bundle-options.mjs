/**
 * How AgentIntros is bundled (src/build.mjs), shared with the benchmark's bundled floor
 * (test/bench/run.ts), so that the floor is built exactly as the server is.
 */

/** esbuild options for a Node 20 ESM bundle, better-sqlite3 kept external (it is native). */
export function bundleOptions(root) {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['better-sqlite3'],
    legalComments: 'none',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  };
}
