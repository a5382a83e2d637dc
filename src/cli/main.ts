#!/usr/bin/env node
/**
 * The `agentintros` entry. `mcp` skips the CLI machinery so that clients get a fast start.
 */
import module from 'node:module';
import { parseArgs } from 'node:util';

// Node 22.1+ keeps the V8 code of the bundle's chunks in a cache under the system temp folder
// (NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE turns it off), so a start after the
// first skips compiling them. Node 20 has no such cache; the call is skipped there.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);

/** The flags of `mcp`, or undefined when the full CLI should judge them (help, a bad flag). */
function mcpFlags(args: string[]): { db?: string | undefined } | undefined {
  if (args[0] !== 'mcp') return undefined;
  try {
    const { values } = parseArgs({
      args: args.slice(1),
      options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    });
    return values.help ? undefined : { db: values.db };
  } catch {
    // An unknown flag or a --db without a path: commander reports it as a usage error (exit 2)
    // rather than the server starting on some other store.
    return undefined;
  }
}

const fast = mcpFlags(argv);
if (fast) {
  const [{ loadConfig }, { runStdioServer }] = await Promise.all([
    import('../config.ts'),
    import('../mcp/stdio.ts'),
  ]);
  try {
    await runStdioServer(loadConfig(fast));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${typeof code === 'string' ? `${code}: ` : 'agentintros: '}${message}\n`);
    process.exit(1);
  }
} else {
  const { runCli } = await import('./program.ts');
  process.exitCode = await runCli(argv);
}
