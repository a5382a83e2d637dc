/**
 * Configuration from the environment and flags (SPEC §9), read once and frozen. A bad value is a
 * user error that names the variable and the accepted form.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import envPaths from 'env-paths';

import { type Clock, frozenClock, systemClock } from './domain/clock.ts';
import { AppError } from './domain/errors.ts';
import { type LogLevel, parseLogLevel } from './log.ts';

export interface Config {
  readonly dbPath: string;
  readonly logLevel: LogLevel;
  readonly clock: Clock;
  readonly frozenAt: number | undefined;
  readonly busyTimeoutMs: number;
  readonly idempotencyTtlMs: number;
}

const DAY_MS = 86_400_000;

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  // SPEC §9 names %APPDATA%\agentintros on Windows; env-paths would pick LOCALAPPDATA\…\Data.
  if (process.platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'agentintros');
  }
  return envPaths('agentintros', { suffix: '' }).data;
}

export function loadConfig(
  options: { db?: string | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const frozenAt = parseNow(env.AGENTINTROS_NOW);
  return Object.freeze({
    // Absolute from here on: doctor prints it into client configs, whose cwd is not ours.
    dbPath: resolve(
      options.db ?? nonEmpty(env.AGENTINTROS_DB) ?? join(defaultDataDir(env), 'agentintros.db'),
    ),
    logLevel: parseLogLevel(env.AGENTINTROS_LOG_LEVEL),
    clock: frozenAt === undefined ? systemClock : frozenClock(frozenAt),
    frozenAt,
    busyTimeoutMs: positiveInt(
      'AGENTINTROS_BUSY_TIMEOUT_MS',
      env.AGENTINTROS_BUSY_TIMEOUT_MS,
      5000,
    ),
    idempotencyTtlMs:
      positiveInt('AGENTINTROS_IDEMPOTENCY_TTL_DAYS', env.AGENTINTROS_IDEMPOTENCY_TTL_DAYS, 30) *
      DAY_MS,
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parseNow(value: string | undefined): number | undefined {
  if (nonEmpty(value) === undefined) return undefined;
  const at = Date.parse(value!);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value!) || Number.isNaN(at)) {
    throw new AppError(
      'VALIDATION_ERROR',
      `AGENTINTROS_NOW '${value}' is not an ISO 8601 instant; use a form like 2026-12-03T18:00:00Z, or unset it.`,
    );
  }
  return at;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (nonEmpty(value) === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new AppError(
      'VALIDATION_ERROR',
      `${name} '${value}' is not a positive whole number; set it like ${name}=${fallback}, or unset it.`,
    );
  }
  return parsed;
}
