/**
 * The start-up and latency floor: the SDK's own stdio server with one no-op tool, nothing else.
 * Plain JavaScript so that plain `node` runs it with no loader in the way.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'floor-noop', version: '1.0.0' });

server.registerTool('noop', { title: 'No-op', description: 'Does nothing.' }, () => ({
  content: [{ type: 'text', text: 'ok' }],
}));

await server.connect(new StdioServerTransport());
