/**
 * Turns zod issues into the contract's errors: the field, what was wrong, and how to fix it.
 * A string over its maximum is PAYLOAD_TOO_LARGE; everything else is VALIDATION_ERROR.
 */
import * as z from 'zod';

import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_BUT_BREAKS } from '../domain/control-characters.ts';
import { AppError } from '../domain/errors.ts';

/** The whole arguments object of one call, serialised, may not exceed this. */
export const MAX_CALL_BYTES = 64 * 1024;

export function parseArguments<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  tool: string,
): z.output<S> {
  const size = serialisedSize(raw ?? {}, tool);
  if (size > MAX_CALL_BYTES) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The arguments of ${tool} are ${size} bytes; the maximum for one call is ${MAX_CALL_BYTES}. ` +
        'Shorten the longest fields.',
    );
  }
  // zod 4 leaves the offending input out of its issues unless asked; without it a value of the
  // wrong type would be reported as missing.
  const parsed = schema.safeParse(raw ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw toAppError(parsed.error.issues, tool);
}

function serialisedSize(raw: unknown, tool: string): number {
  try {
    return Buffer.byteLength(JSON.stringify(raw), 'utf8');
  } catch {
    // Nesting deep enough to overflow the stack (JSON text itself allows it) is never a valid call.
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The arguments of ${tool} are nested too deeply to read; send the documented fields as ` +
        'plain values.',
    );
  }
}

function toAppError(issues: readonly z.core.$ZodIssue[], tool: string): AppError {
  const tooLong = issues.find((issue) => issue.code === 'too_big' && issue.origin === 'string');
  if (tooLong && tooLong.code === 'too_big') {
    return new AppError(
      'PAYLOAD_TOO_LARGE',
      `${fieldName(tooLong.path)} is longer than ${String(tooLong.maximum)} characters; shorten it ` +
        `and call ${tool} again.`,
      { field: fieldName(tooLong.path) },
    );
  }
  const messages = issues.slice(0, 3).map(describeIssue);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new AppError(
    'VALIDATION_ERROR',
    `Invalid arguments for ${tool}: ${messages.join('; ')}${more}.`,
    { fields: issues.map((issue) => fieldName(issue.path)) },
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map((key) => `'${key.slice(0, 40)}'`)
        .join(', ')}; remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    case 'invalid_type':
      return issue.input === undefined
        ? `${field} is required (${issue.expected})`
        : `${field} must be ${article(issue.expected)}, not ${typeName(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `${field} must not be empty${Number(issue.minimum) > 1 ? ` (at least ${String(issue.minimum)} characters)` : ''}`
        : `${field} must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `${field} must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${field}: ${issue.message}`;
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'arguments' : path.map(String).join('.');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  // JSON reads 1e400 as Infinity, which JSON.stringify would print as null.
  if (typeof value === 'number' && !Number.isFinite(value))
    return `${String(value)} (out of range)`;
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? 'an object'
    : `${typeof value} ${JSON.stringify(value)?.slice(0, 30)}`;
}

/** Text a person or an agent typed: well-formed Unicode, no control characters but line breaks. */
const CONTROL = new RegExp(`[${CONTROL_CHARACTERS}]`, 'u');
/**
 * As above, but tabs and line breaks (\n, \r\n) are allowed: not a lone \r, which a terminal
 * obeys by writing the rest of the line over its start.
 */
const CONTROL_BUT_BREAKS = new RegExp(`[${CONTROL_CHARACTERS_BUT_BREAKS}]|\\r(?!\\n)`, 'u');

/**
 * A character a person can see: a letter, digit, punctuation or symbol, not one of the blank
 * fillers (Hangul fillers, the blank Braille pattern). Marks, format characters and spaces alone
 * are blank.
 */
const VISIBLE = /(?![\u115f\u1160\u3164\uffa0\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

export function text(options: { min?: number; max: number; multiline?: boolean; label?: string }) {
  const controls = options.multiline ? CONTROL_BUT_BREAKS : CONTROL;
  return z
    .string()
    .min(options.min ?? 0)
    .max(options.max)
    .refine((value) => value.isWellFormed(), {
      message: 'contains a lone UTF-16 surrogate; send well-formed Unicode text',
    })
    .refine((value) => (options.min ?? 0) < 1 || VISIBLE.test(value), {
      message: 'is blank (only spaces or invisible characters); send some text',
    })
    .refine((value) => !controls.test(value), {
      message: options.multiline
        ? 'contains control characters; only tabs and line breaks (\\n or \\r\\n) are allowed'
        : 'contains control characters or line breaks; send one line of plain text',
    });
}
