#!/usr/bin/env node
/**
 * The `agentintros` entry. `mcp` skips the CLI machinery so that clients get a fast start.
 */
import { parseArgs } from 'node:util';

const argv = process.argv.slice(2);

if (argv[0] === 'mcp' && !argv.includes('--help') && !argv.includes('-h')) {
  const { values } = parseArgs({
    args: argv.slice(1),
    options: { db: { type: 'string' }, json: { type: 'boolean' } },
    strict: false,
  });
  const [{ loadConfig }, { runStdioServer }] = await Promise.all([
    import('../config.ts'),
    import('../mcp/stdio.ts'),
  ]);
  try {
    await runStdioServer(loadConfig({ db: typeof values.db === 'string' ? values.db : undefined }));
  } catch (error) {
    process.stderr.write(
      `agentintros: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
} else {
  const { runCli } = await import('./program.ts');
  process.exitCode = await runCli(argv);
}
