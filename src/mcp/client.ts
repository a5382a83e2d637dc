/**
 * A thin wrapper over the SDK's own Client and stdio transport, for the demo and the benchmarks:
 * the rest of src/ never imports the SDK directly.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { VERSION } from '../version.ts';

export interface ToolReply {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
}

export interface ServerSession {
  instructions: string | undefined;
  listTools(): Promise<{ name: string; title?: string | undefined }[]>;
  call(name: string, args: Record<string, unknown>): Promise<ToolReply>;
  close(): Promise<void>;
}

export async function connectOverStdio(options: {
  command: string;
  args: string[];
  env: Record<string, string>;
  clientName?: string;
}): Promise<ServerSession> {
  const transport = new StdioClientTransport({
    command: options.command,
    args: options.args,
    env: options.env,
    stderr: 'pipe',
  });
  const client = new Client({ name: options.clientName ?? 'agentintros-demo', version: VERSION });
  await client.connect(transport);
  return {
    instructions: client.getInstructions(),
    async listTools() {
      const { tools } = await client.listTools();
      return tools.map((tool) => ({ name: tool.name, title: tool.title }));
    },
    async call(name, args) {
      const result = await client.callTool({ name, arguments: args });
      const content = (result.content ?? []) as { type: string; text?: string }[];
      return {
        isError: result.isError === true,
        text: content.map((block) => block.text ?? '').join('\n'),
        structured: result.structuredContent as Record<string, unknown> | undefined,
      };
    },
    close: () => client.close(),
  };
}
