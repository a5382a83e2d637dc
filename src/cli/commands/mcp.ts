/**
 * `mcp`: runs the stdio MCP server. main.ts takes a faster path for it; this entry keeps it in
 * the help and handles the flags the same way.
 */
import type { Command } from 'commander';

import { loadConfig } from '../../config.ts';
import type { GlobalOptions } from '../context.ts';

export function register(program: Command): void {
  program
    .command('mcp')
    .description('run the stdio MCP server (what MCP clients launch)')
    .action(async (_options: unknown, command: Command) => {
      const { runStdioServer } = await import('../../mcp/stdio.ts');
      await runStdioServer(loadConfig({ db: command.optsWithGlobals<GlobalOptions>().db }));
    });
}
