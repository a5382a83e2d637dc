/**
 * `npm run build`: bundles src/cli/main.ts into dist/agentintros.js plus chunks (better-sqlite3
 * stays external: it is native). One substitution keeps ajv off the MCP server's start-up path,
 * and the tool list is computed here once instead of at every server start.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

import { bundleOptions } from './bundle-options.mjs';

/** The project's root: this file lives in src/. */
const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The SDK's `Server` imports its ajv validator only to check answers to elicitation requests,
 * which AgentIntros never sends (src/mcp/server.ts passes its own validator). Loading ajv costs
 * the server 10-30 ms before it can answer initialize, so the server's import of it gets a stub;
 * the SDK `Client` (used by the demo) keeps the real ajv.
 */
const serverWithoutAjv = {
  name: 'server-without-ajv',
  setup(plugin) {
    plugin.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) =>
      /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]server[\\/]index\.js$/.test(
        args.importer,
      )
        ? { path: 'server-ajv-stub', namespace: 'server-without-ajv' }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'server-without-ajv' }, () => ({
      contents:
        'export class AjvJsonSchemaValidator {\n' +
        '  constructor() {\n' +
        "    throw new Error('AgentIntros bundles no ajv for the SDK Server: pass jsonSchemaValidator (src/mcp/server.ts).');\n" +
        '  }\n' +
        '}\n',
      loader: 'js',
    }));
  },
};

const common = bundleOptions(root);

/** What the server answers to tools/list, as JSON: describeTool over TOOLS, run from the sources. */
async function toolList() {
  const script = join(root, 'dist', 'tool-list.mjs');
  await build({
    ...common,
    stdin: {
      contents:
        "import { describeTool } from './src/mcp/server.ts';\n" +
        "import { TOOLS } from './src/mcp/tools/index.ts';\n" +
        'process.stdout.write(JSON.stringify(TOOLS.map(describeTool)));\n',
      resolveDir: root,
      loader: 'ts',
    },
    outfile: script,
  });
  try {
    return execFileSync(process.execPath, [script], { encoding: 'utf8' });
  } finally {
    rmSync(script);
  }
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
const list = await toolList();
await build({
  ...common,
  // The import worker is an entry of its own: a thread starts from a file (src/imports/parse-thread.ts).
  entryPoints: { agentintros: 'src/cli/main.ts', 'import-worker': 'src/imports/parse-worker.ts' },
  splitting: true,
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  define: {
    AGENTINTROS_TOOL_LIST: JSON.stringify(list),
    AGENTINTROS_IMPORT_WORKER: JSON.stringify('import-worker.js'),
  },
  plugins: [serverWithoutAjv],
});
