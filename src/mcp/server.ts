/**
 * The server factory: the tool list, the tools/call dispatch and error rendering. It knows
 * nothing of stdio, so tests can connect it to an in-memory transport and inject a clock.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  type CallToolRequest,
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool as ListedTool,
} from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import * as z from 'zod';

import type { Actor } from '../domain/actor.ts';
import { CONTROL_CHARACTERS } from '../domain/control-characters.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import type { Services } from '../domain/services.ts';
import type { Logger } from '../log.ts';
import { VERSION } from '../version.ts';
import { INSTRUCTIONS } from './instructions.ts';
import type { Tool, ToolContext } from './tool.ts';
import { TOOLS } from './tools/index.ts';

export interface ServerOptions {
  /** Opens the store on first use, so that initialize never waits for the disk. */
  services: () => Services;
  logger: Logger;
  tools?: readonly Tool[];
  /** Called once a tools/list answer is on its way: the client is busy, the server is idle. */
  onToolsListed?: () => void;
  /** How long a call keeps retrying while the store answers STORE_BUSY (0: answer at once). */
  busyRetryMs?: number;
}

export function createServer(options: ServerOptions): Server {
  const tools = options.tools ?? TOOLS;
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const server = new Server(
    { name: 'agentintros', title: 'AgentIntros', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: NO_ELICITATION,
    },
  );

  const actor = (): Actor => {
    const client = server.getClientVersion();
    return {
      kind: 'agent',
      name: printable(client?.name ?? 'unknown-client').slice(0, 100),
      ...(client?.version ? { version: printable(client.version).slice(0, 50) } : {}),
    };
  };

  let listing: ListedTool[] | undefined;
  server.setRequestHandler(ListToolsRequestSchema, () => {
    listing ??=
      tools === TOOLS && BUILT_TOOL_LIST !== undefined
        ? (JSON.parse(BUILT_TOOL_LIST) as ListedTool[])
        : tools.map(describeTool);
    options.onToolsListed?.();
    return { tools: listing };
  });

  // Registered with a loose schema so that the SDK's own check of the params (inside its
  // tools/call wrapper) answers a malformed call with -32602 Invalid params, not -32603 Internal.
  server.setRequestHandler(LOOSE_CALL_TOOL_REQUEST, async (request): Promise<CallToolResult> => {
    const { name, arguments: raw } = (request as CallToolRequest).params;
    const tool = byName.get(name);
    // SQLite waits for a lock synchronously, which would keep stdin's end and signals unheard for
    // the whole busy timeout; so the store waits briefly and the retries happen here, between
    // turns of the event loop. A failed attempt committed nothing, so retrying is safe.
    const deadline = Date.now() + (options.busyRetryMs ?? 0);
    for (;;) {
      const started = performance.now();
      const outcome = attempt(tool, name, raw);
      options.logger.debug(`${name} ran`, { ms: Number((performance.now() - started).toFixed(2)) });
      if (!isBusy(outcome) || Date.now() >= deadline) return render(outcome, name);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  });

  const attempt = (
    tool: Tool | undefined,
    name: string,
    raw: Record<string, unknown> | undefined,
  ): { result: Record<string, unknown> } | { error: unknown } => {
    try {
      if (!tool) {
        throw new AppError(
          'NOT_FOUND',
          `Unknown tool '${name.slice(0, 60)}'; available tools: ${[...byName.keys()].join(', ')}.`,
        );
      }
      const context: ToolContext = { services: options.services(), actor };
      return { result: tool.call(raw ?? {}, context) as Record<string, unknown> };
    } catch (error) {
      return { error };
    }
  };

  const render = (
    outcome: { result: Record<string, unknown> } | { error: unknown },
    name: string,
  ): CallToolResult => {
    if ('error' in outcome) return errorResult(outcome.error, name, options.logger);
    return {
      content: [{ type: 'text', text: JSON.stringify(outcome.result) }],
      structuredContent: outcome.result,
    };
  };

  return server;
}

function isBusy(outcome: { result: unknown } | { error: unknown }): boolean {
  return 'error' in outcome && isAppError(outcome.error) && outcome.error.code === 'STORE_BUSY';
}

/**
 * The SDK's Server builds an ajv instance (about 15 ms of start-up) for one use only: checking the
 * client's answers to elicitation requests. This server never elicits, so nothing is built.
 */
const NO_ELICITATION: jsonSchemaValidator = {
  getValidator() {
    throw new Error(
      'agentintros sends no elicitation requests, so it validates no answers to them',
    );
  },
};

/**
 * `describeTool` over TOOLS as JSON, computed by the build (src/build.mjs) from these same
 * sources, so that the built server does not convert 14 zod schemas while a client waits for its
 * first tools/list. Running from source (tests), the list is computed on the first request.
 */
declare const AGENTINTROS_TOOL_LIST: string | undefined;
const BUILT_TOOL_LIST =
  typeof AGENTINTROS_TOOL_LIST === 'string' ? AGENTINTROS_TOOL_LIST : undefined;

const LOOSE_CALL_TOOL_REQUEST = CallToolRequestSchema.extend({ params: z.unknown().optional() });

const CONTROL = new RegExp(`[${CONTROL_CHARACTERS}]`, 'gu');

/** The client names itself; people see that name in their terminal, so no escape sequences. */
function printable(text: string): string {
  return text.replace(CONTROL, '?');
}

export function describeTool(tool: Tool): ListedTool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, 'input') as ListedTool['inputSchema'],
    outputSchema: jsonSchema(tool.output, 'output') as ListedTool['outputSchema'],
    annotations: { title: tool.title, ...tool.annotations },
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const generated: Record<string, unknown> = z.toJSONSchema(schema, { target: 'draft-7', io });
  delete generated.$schema;
  return generated;
}

/** `CODE: message`, text only: a structuredContent on an error would fail the client's check. */
export function errorResult(error: unknown, tool: string, logger: Logger): CallToolResult {
  const known = isAppError(error)
    ? error
    : new AppError(
        'INTERNAL',
        `${tool} failed unexpectedly; nothing was changed. Retry once; if it fails again, ` +
          "report it with the server's stderr log.",
      );
  if (!isAppError(error)) {
    logger.error(`unexpected failure in ${tool}`, {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  } else {
    const fields = { code: known.code, ...known.details };
    if (known.code === 'INTERNAL') logger.error(`${tool} refused`, fields);
    else logger.debug(`${tool} refused`, fields);
  }
  const retry = known.retryable && !known.message.includes('Retry') ? ' This can be retried.' : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `${known.code}: ${known.message}${retry}` }],
  };
}
