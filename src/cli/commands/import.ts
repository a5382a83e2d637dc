/**
 * `import FILE [--format F] [--member NAME] [--dry-run]`: a contact export into the store, with
 * a report of rows read, created, merged, unchanged, skipped and possible duplicates.
 */
import type { Command } from 'commander';
import { Option } from 'commander';

import { importFile, type ImportReport } from '../../imports/import-file.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../../imports/record.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { colors, dim, print, printJson, progressBar } from '../output.ts';

interface ImportFlags {
  format?: ImportFormat;
  member?: string;
  dryRun?: boolean;
}

/** Rows listed in the human report; --json carries up to the report's own limit. */
const SHOWN = 10;
/** Below this many rows a progress bar would only flicker. */
const PROGRESS_FROM_ROWS = 5000;

export function renderImportReport(report: ImportReport): string {
  const who = report.member.id === 'mb_me' ? 'you' : `${report.member.name} (${report.member.id})`;
  const version = report.versions.length > 0 ? ` ${report.versions.join('/')}` : '';
  const lines = [
    `${report.dryRun ? 'Would import' : 'Imported'} ${report.file}`,
    dim(`  ${report.format}${version}, ${report.encoding}, for ${who}`),
    `  rows read   ${report.rows}`,
    `  created     ${colors.green(String(report.created))}`,
    `  merged      ${report.merged}`,
    `  unchanged   ${report.unchanged}${report.unchanged > 0 ? dim(' (imported before)') : ''}`,
    `  skipped     ${report.skipped > 0 ? colors.yellow(String(report.skipped)) : '0'}`,
  ];
  for (const row of report.skippedRows.slice(0, SHOWN)) {
    lines.push(dim(`    line ${row.line}: ${row.reason}`));
  }
  if (report.skipped > SHOWN) lines.push(dim(`    ... and ${report.skipped - SHOWN} more`));
  if (report.possibleDuplicateCount > 0) {
    lines.push(`  possible duplicates (not merged): ${report.possibleDuplicateCount}`);
    for (const dup of report.possibleDuplicates.slice(0, SHOWN)) {
      const company = dup.company ? `, ${dup.company}` : '';
      lines.push(
        dim(
          `    line ${dup.line}: ${dup.name}${company}: ${dup.contactId} may be ${dup.otherContactId} (${dup.reason})`,
        ),
      );
    }
    if (report.possibleDuplicateCount > SHOWN) {
      lines.push(dim(`    ... and ${report.possibleDuplicateCount - SHOWN} more`));
    }
  }
  if (report.member.created) {
    lines.push(`  new member ${report.member.name} (${report.member.id}), reachable through you`);
  }
  if (report.dryRun) lines.push(colors.yellow('Dry run: nothing was written.'));
  else if (report.skipped + report.possibleDuplicateCount > SHOWN) {
    lines.push(dim('Use --json for the full list.'));
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import contacts from a LinkedIn, Google, Outlook or vCard export')
    .argument('<file>', 'the export: Connections.csv, a contacts CSV, or a .vcf file')
    .addOption(
      new Option('--format <format>', 'skip detection and read the file as this format').choices(
        IMPORT_FORMATS,
      ),
    )
    .option('--member <name>', 'a teammate whose network this is (created if new); default: you')
    .option('--dry-run', 'report what would change, write nothing')
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const progress = progressBar('Importing');
      try {
        const dryRun = flags.dryRun === true;
        // A dry run against a store that does not exist yet reads as if into an empty one.
        const report = await context.withServices(
          (services) =>
            importFile(services, file, {
              format: flags.format,
              member: flags.member,
              dryRun,
              actor: context.actor,
              onProgress: (done, total) => {
                if (total >= PROGRESS_FROM_ROWS) progress.update(done, total);
              },
            }),
          { scratchIfMissing: dryRun },
        );
        progress.stop();
        if (context.json) printJson(report);
        else print(renderImportReport(report));
      } finally {
        progress.stop();
      }
    });
}
