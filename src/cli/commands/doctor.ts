/**
 * `doctor`: checks Node, the native module, the store path and its permissions, then prints
 * client configurations with absolute paths to this very node and entry script.
 */
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import type { Command } from 'commander';

import { loadConfig } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import { SCHEMA_VERSION } from '../../store/schema.ts';
import { clientConfigs } from '../client-configs.ts';
import type { GlobalOptions } from '../context.ts';
import { colors, dim, heading, print, printJson } from '../output.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function entryScript(): string {
  const script = process.argv[1] ?? '';
  try {
    return realpathSync(script);
  } catch {
    return resolve(script);
  }
}

async function checkNativeModule(): Promise<Check> {
  const { driverPackage, loadDriver } = await import('../../store/store.ts');
  const name = driverPackage();
  try {
    const Database = loadDriver();
    const db = new Database(':memory:');
    const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    db.close();
    return { name: 'native module', ok: true, detail: `${name} loads (SQLite ${version})` };
  } catch (error) {
    const packageDir = resolve(dirname(entryScript()), '..');
    const reason = error instanceof AppError ? error.message : String(error);
    return {
      name: 'native module',
      ok: false,
      detail:
        `${reason} Rebuild it for this Node: cd "${packageDir}" && npm install && ` +
        `npm rebuild ${name}`,
    };
  }
}

function checkStore(path: string): Check[] {
  const dir = dirname(path);
  const checks: Check[] = [];
  if (!existsSync(dir)) {
    checks.push({
      name: 'store folder',
      ok: true,
      detail: `${dir} does not exist yet; it is created (0700) on first use`,
    });
    return checks;
  }
  const dirMode = statSync(dir).mode & 0o777;
  let writable = true;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    writable = false;
  }
  checks.push({
    name: 'store folder',
    ok: writable,
    detail: writable
      ? `${dir} (mode ${dirMode.toString(8)})`
      : `${dir} is not writable; fix with: chmod u+w "${dir}"`,
  });
  if (!existsSync(path)) {
    checks.push({ name: 'store file', ok: true, detail: `${path} is created (0600) on first use` });
    return checks;
  }
  const fileMode = statSync(path).mode & 0o777;
  const privateFile = process.platform === 'win32' || (fileMode & 0o077) === 0;
  checks.push({
    name: 'store file',
    ok: privateFile,
    detail: privateFile
      ? `${path} (mode ${fileMode.toString(8)})`
      : `${path} is readable by others (mode ${fileMode.toString(8)}); fix with: chmod 600 "${path}"`,
  });
  return checks;
}

async function checkOpen(path: string): Promise<Check> {
  try {
    const { Store } = await import('../../store/store.ts');
    const store = Store.open({ path });
    try {
      const version = store.db.pragma('user_version', { simple: true }) as number;
      // Damage in pages no call has touched yet only shows when every page is read.
      const problems = store.read(
        () => store.db.pragma('quick_check') as { quick_check: string }[],
      );
      const first = problems[0]?.quick_check ?? 'ok';
      if (first !== 'ok') {
        return {
          name: 'store opens',
          ok: false,
          detail:
            `${path} is damaged (quick_check: ${first.slice(0, 120)}). Restore it from a ` +
            'backup, or try: sqlite3 THE_FILE ".recover" | sqlite3 recovered.db',
        };
      }
      return {
        name: 'store opens',
        ok: true,
        detail: `schema ${version} of ${SCHEMA_VERSION}, quick_check ok`,
      };
    } finally {
      store.close();
    }
  } catch (error) {
    return {
      name: 'store opens',
      ok: false,
      detail: error instanceof AppError ? error.message : String(error),
    };
  }
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check Node, the native module and the store; print client configurations')
    .action(async (_options: unknown, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = loadConfig({ db: globals.db });
      const major = Number(process.versions.node.split('.')[0]);
      const checks: Check[] = [
        {
          name: 'node',
          ok: major >= 20,
          detail:
            major >= 20
              ? `Node ${process.version} at ${process.execPath}`
              : `Node ${process.version} at ${process.execPath} is too old; AgentIntros needs 20 or newer (under nvm: nvm install 20 && nvm use 20)`,
        },
      ];
      const native = await checkNativeModule();
      checks.push(native, ...checkStore(config.dbPath));
      if (native.ok && existsSync(config.dbPath)) checks.push(await checkOpen(config.dbPath));
      const configs = clientConfigs({
        node: process.execPath,
        script: entryScript(),
        dbPath: config.dbPath,
      });

      if (globals.json) {
        printJson({ ok: checks.every((c) => c.ok), store: config.dbPath, checks, configs });
      } else {
        for (const check of checks) {
          print(
            `${check.ok ? colors.green('ok  ') : colors.red('FAIL')} ${check.name.padEnd(14)} ${check.detail}`,
          );
        }
        print();
        for (const item of configs) {
          print(heading(`${item.client}`) + dim(`  (${item.where})`));
          print(item.text);
          print();
        }
      }
      if (!checks.every((c) => c.ok)) {
        throw new AppError(
          'INVALID_STATE',
          'Some checks failed; each FAIL line above says how to fix it.',
        );
      }
    });
}
