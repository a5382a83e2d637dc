/**
 * The stdio entry: wires the transport, opens the store lazily, and shuts down once when stdin
 * closes or a signal arrives (the SDK's transport does not notice stdin ending by itself).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import type { Config } from '../config.ts';
import { createServices, type Services } from '../domain/services.ts';
import { createLogger } from '../log.ts';
import { Store } from '../store/store.ts';
import { lineGuard } from './line-guard.ts';
import { createServer } from './server.ts';
import { MAX_CALL_BYTES } from './validation.ts';

/** 16 times the largest valid call: no valid message comes near it, and memory stays bounded. */
const MAX_LINE_BYTES = 16 * MAX_CALL_BYTES;

export async function runStdioServer(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const asked = process.env.AGENTINTROS_LOG_LEVEL;
  if (asked && asked.toLowerCase() !== config.logLevel) {
    logger.warn(
      `AGENTINTROS_LOG_LEVEL '${asked.slice(0, 40)}' is not one of error, warn, info, debug; ` +
        `logging at ${config.logLevel}`,
    );
  }
  let store: Store | undefined;
  let services: Services | undefined;

  const openServices = (): Services => {
    if (services) return services;
    // A failure here becomes the tool call's error and the next call tries again. SQLite waits
    // only briefly for a lock: the server retries STORE_BUSY up to the configured busy timeout
    // between turns of the event loop, so stdin's end and signals are heard meanwhile.
    store = Store.open({ path: config.dbPath, busyTimeoutMs: Math.min(config.busyTimeoutMs, 50) });
    services = createServices(store, {
      clock: config.clock,
      idempotencyTtlMs: config.idempotencyTtlMs,
    });
    logger.info('store open', { path: store.path });
    return services;
  };

  // While the client digests the tool list (its SDK compiles every output schema) the server is
  // idle: open the store then, so the first call does not wait for the disk. A failure is left
  // for that call to report.
  const warmUp = (): void => {
    setImmediate(() => {
      try {
        openServices();
      } catch (error) {
        logger.debug('opening the store ahead of the first call failed', { error: String(error) });
      }
    });
  };

  const server = createServer({
    services: openServices,
    logger,
    onToolsListed: warmUp,
    busyRetryMs: config.busyTimeoutMs,
  });
  // Malformed lines are dropped by the SDK (JSON-RPC has no id to answer); say so on stderr.
  server.onerror = (error) => logger.debug('ignored a malformed message', { error: String(error) });
  const input = process.stdin.pipe(
    lineGuard(MAX_LINE_BYTES, (line) => {
      logger.warn('dropped an over-long stdin line', { bytes: line.bytes, id: line.id });
      if (line.id === undefined) return;
      void transport.send({
        jsonrpc: '2.0',
        id: line.id,
        error: {
          code: -32600,
          message:
            `PAYLOAD_TOO_LARGE: The message is over ${MAX_LINE_BYTES} bytes and was dropped; the ` +
            `arguments of one call may be at most ${MAX_CALL_BYTES} bytes. Shorten the longest fields.`,
        },
      });
    }),
  );
  const transport = new StdioServerTransport(input, process.stdout);

  let stopping = false;
  const shutdown = (reason: string, code = 0): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason });
    try {
      store?.close();
    } catch (error) {
      logger.warn('closing the store failed', { error: String(error) });
    }
    process.exit(code);
  };

  process.stdin.once('end', () => shutdown('stdin ended'));
  process.stdin.once('close', () => shutdown('stdin closed'));
  process.stdout.on('error', () => shutdown('stdout closed'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGHUP', () => shutdown('SIGHUP'));
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', { error: error.stack ?? String(error) });
    shutdown('uncaught exception', 70);
  });

  await server.connect(transport);
  logger.info('agentintros MCP server ready on stdio', { store: config.dbPath });
}
