/**
 * What a tool is: its schemas, its words for the model, its annotations and its handler. Write
 * tools run through the idempotency engine; the key is checked before anything else.
 */
import type { z } from 'zod';

import type { Actor } from '../domain/actor.ts';
import type { Services } from '../domain/services.ts';
import { IdempotencyEngine, type WriteOutcome } from '../store/idempotency.ts';
import { parseArguments } from './validation.ts';

export interface ToolContext {
  services: Services;
  /** The agent as the MCP handshake named it; read at call time, after initialisation. */
  actor(): Actor;
}

export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint: boolean;
}

export interface Tool {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: Annotations;
  call(raw: Record<string, unknown>, context: ToolContext): object;
}

export const WRITE_ANNOTATIONS: Annotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

export const READ_ANNOTATIONS: Annotations = Object.freeze({
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

interface ToolText {
  name: string;
  title: string;
  description: string;
}

export function readTool<I extends z.ZodObject, O extends z.ZodObject>(
  spec: ToolText & {
    input: I;
    output: O;
    run(args: z.output<I>, context: ToolContext): z.input<O>;
  },
): Tool {
  return {
    ...pickText(spec),
    input: spec.input,
    output: spec.output,
    annotations: READ_ANNOTATIONS,
    call(raw, context) {
      return spec.run(parseArguments(spec.input, raw, spec.name), context);
    },
  };
}

export function writeTool<I extends z.ZodObject, O extends z.ZodObject, R extends object>(
  spec: ToolText & {
    input: I;
    output: O;
    /** Rules on the arguments alone, judged before the key is looked up. */
    check?(args: Omit<z.output<I>, 'idempotencyKey'>): void;
    /** Runs inside the write transaction, once per key; state-dependent refusals belong here. */
    execute(
      args: Omit<z.output<I>, 'idempotencyKey'>,
      context: ToolContext,
      now: number,
    ): WriteOutcome<R>;
  },
): Tool {
  return {
    ...pickText(spec),
    input: spec.input,
    output: spec.output,
    annotations: WRITE_ANNOTATIONS,
    call(raw, context) {
      // The key is judged first so that its error never hides behind another field's.
      IdempotencyEngine.assertKey(raw.idempotencyKey);
      const { idempotencyKey, ...args } = parseArguments(
        spec.input,
        raw,
        spec.name,
      ) as z.output<I> & {
        idempotencyKey: string;
      };
      spec.check?.(args);
      const { services } = context;
      return services.idempotency.run(
        { principal: services.principal, tool: spec.name, key: idempotencyKey, args },
        (now) => spec.execute(args, context, now),
      );
    },
  };
}

function pickText(spec: ToolText): ToolText {
  return { name: spec.name, title: spec.title, description: spec.description };
}
