/**
 * `contacts [QUERY]`, `contacts show ID` and `contacts set ID ...`: the network for the person who
 * owns it. Unlike the MCP tools, `show` prints everything: e-mails, phones, notes and every trust
 * factor, since the CLI is for people.
 */
import type { Command } from 'commander';

import type { ContactChanges, ContactDetails } from '../../domain/contacts.ts';
import { AppError } from '../../domain/errors.ts';
import type { Services } from '../../domain/services.ts';
import type { Trust } from '../../domain/trust.ts';
import { ContactRows, type OptIn } from '../../store/contacts.ts';
import { commandContext, type GlobalOptions } from '../context.ts';
import { colors, dim, heading, print, printJson, table } from '../output.ts';

export interface ContactListItem {
  id: string;
  name: string;
  title: string | null;
  company: string | null;
  trustScore: number;
  tier: string;
  path: string;
  score?: number;
  doNotIntroduce: boolean;
}

export function listContacts(services: Services, query: string, limit: number): ContactListItem[] {
  if (query.trim() !== '') {
    return services.network.search(query, { minTrustScore: 0, limit }).contacts.map((hit) => ({
      id: hit.contact.id,
      name: hit.contact.name,
      title: hit.contact.title,
      company: hit.contact.company,
      score: hit.score,
      trustScore: hit.trustScore,
      tier: hit.trust.tier,
      path: hit.path.kind === 'direct' ? 'direct' : `via ${hit.path.connector.name}`,
      doNotIntroduce: hit.doNotIntroduce,
    }));
  }
  const rows = services.store.read(() => new ContactRows(services.store.db).list(limit));
  return rows.map((row) => {
    const best = services.network.bestPath(row.id);
    return {
      id: row.id,
      name: row.name,
      title: row.title,
      company: row.company,
      trustScore: best.trust.score,
      tier: best.trust.tier,
      path: best.path.kind === 'direct' ? 'direct' : `via ${best.path.connector.name}`,
      doNotIntroduce: row.do_not_introduce === 1,
    };
  });
}

function renderList(items: ContactListItem[], query: string): string {
  if (items.length === 0) {
    return query
      ? `No contact matches '${query}'.`
      : "No contacts yet; run 'agentintros import FILE'.";
  }
  return [
    table(
      ['id', 'name', 'title', 'company', 'trust', 'path', ...(query ? ['score'] : [])],
      items.map((item) => [
        item.id,
        item.doNotIntroduce ? `${item.name} ${colors.red('(do not introduce)')}` : item.name,
        item.title,
        item.company,
        `${item.trustScore.toFixed(2)} ${item.tier}`,
        item.path,
        ...(query ? [item.score?.toFixed(2)] : []),
      ]),
    ),
    dim("Details: 'agentintros contacts show ID'."),
  ].join('\n');
}

function renderTrust(trust: Trust): string {
  return table(
    ['factor', 'value', 'weight', 'contribution', 'evidence'],
    trust.factors.map((factor) => [
      factor.name,
      factor.value,
      factor.weight,
      factor.contribution,
      factor.evidence,
    ]),
  );
}

function renderDetails(details: ContactDetails): string {
  const field = (name: string, value: string | null | undefined) =>
    `  ${name.padEnd(16)} ${value === null || value === undefined || value === '' ? dim('-') : value}`;
  const lines = [
    heading(`${details.name} (${details.id})`),
    field('title', details.title),
    field('company', details.company),
    field('location', details.location),
    field('linkedin', details.linkedinUrl),
    field('emails', details.emails.join(', ')),
    field('phones', details.phones.join(', ')),
    field('tags', details.tags.join(', ')),
    field('opt-in', details.optIn),
    field('do not introduce', details.doNotIntroduce ? colors.red('yes') : 'no'),
    field('notes', details.notes),
    '',
  ];
  const best = details.bestPath;
  lines.push(
    heading('Best path'),
    `  ${best.path.kind === 'direct' ? 'direct' : `via ${best.path.connector.name} (${best.path.connector.id})`}` +
      `: trust ${best.trust.score} (${best.trust.tier})`,
    '',
  );
  for (const relationship of details.relationships) {
    lines.push(
      heading(`Relationship of ${relationship.memberName} (${relationship.memberId})`),
      `  trust ${relationship.trust.score} (${relationship.trust.tier}); rating ` +
        `${relationship.rating === null ? 'none' : `${relationship.rating}/5`}; connected on ` +
        `${relationship.connectedOn?.slice(0, 10) ?? '-'}; ${relationship.interactionCount} ` +
        `interaction${relationship.interactionCount === 1 ? '' : 's'} ` +
        `(${relationship.twoWayCount} two-way); intros ${relationship.introsMade} ` +
        `made, ${relationship.introsDeclined} declined`,
      renderTrust(relationship.trust),
      '',
    );
  }
  if (details.relationships.length === 0) lines.push(dim('No relationship recorded.'), '');
  lines.push(heading('Recent interactions'));
  lines.push(
    details.recentInteractions.length === 0
      ? dim('None recorded.')
      : table(
          ['when', 'member', 'kind', 'direction', 'summary'],
          details.recentInteractions.map((i) => [i.at, i.memberId, i.kind, i.direction, i.summary]),
        ),
  );
  return lines.join('\n');
}

function parseStrength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const strength = Number(value);
  if (!/^\d+$/.test(value) || strength < 1 || strength > 5) {
    throw new AppError(
      'VALIDATION_ERROR',
      `--strength '${value.slice(0, 20)}' must be a whole number from 1 (barely know them) to 5 ` +
        '(would vouch for them).',
      { field: 'strength' },
    );
  }
  return strength;
}

function parseOptIn(value: string | undefined): OptIn | undefined {
  if (value === undefined || value === 'ask_first' || value === 'ok_direct') return value;
  throw new AppError(
    'VALIDATION_ERROR',
    `--opt-in '${value.slice(0, 20)}' must be ask_first or ok_direct.`,
    { field: 'optIn' },
  );
}

export function register(program: Command): void {
  const contacts = program
    .command('contacts')
    .description('the network: search contacts, show one, set its rating and flags')
    .argument('[query...]', 'words to search for in name, title, company, tags and notes')
    .option('--limit <n>', 'how many to list (1-500)', '50')
    .action(async (query: string[], options: { limit: string }, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw new AppError(
          'VALIDATION_ERROR',
          `--limit '${options.limit}' must be a whole number from 1 to 500.`,
          { field: 'limit' },
        );
      }
      const text = query.join(' ');
      const items = await context.withServices((services) =>
        listContacts(services, text, Math.min(limit, 50)),
      );
      if (context.json) printJson({ contacts: items });
      else print(renderList(items, text));
    });

  contacts
    .command('show')
    .description('everything about one contact: details, relationships, trust factors')
    .argument('<id>', 'the contact id (ct_...)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = commandContext(command.optsWithGlobals<GlobalOptions>());
      const details = await context.withServices((services) => services.contacts.show(id));
      if (context.json) printJson(details);
      else print(renderDetails(details));
    });

  contacts
    .command('set')
    .description('rate your relationship, set the opt-in preference or the do-not-introduce flag')
    .argument('<id>', 'the contact id (ct_...)')
    .option('--strength <1-5>', 'your rating of the relationship; overrides computed trust')
    .option('--opt-in <preference>', 'how to approach them: ask_first or ok_direct')
    .option('--do-not-introduce', 'never propose an intro to this contact')
    .option('--allow-intro', 'lift a do-not-introduce flag')
    .action(
      async (
        id: string,
        options: {
          strength?: string;
          optIn?: string;
          doNotIntroduce?: boolean;
          allowIntro?: boolean;
        },
        command: Command,
      ) => {
        const context = commandContext(command.optsWithGlobals<GlobalOptions>());
        if (options.doNotIntroduce && options.allowIntro) {
          throw new AppError(
            'VALIDATION_ERROR',
            '--do-not-introduce and --allow-intro contradict each other; pass one of them.',
            { field: 'doNotIntroduce' },
          );
        }
        const changes: ContactChanges = {
          strength: parseStrength(options.strength),
          optIn: parseOptIn(options.optIn),
          doNotIntroduce: options.doNotIntroduce ? true : options.allowIntro ? false : undefined,
        };
        if (Object.values(changes).every((value) => value === undefined)) {
          throw new AppError(
            'VALIDATION_ERROR',
            'Nothing to set; pass --strength 1-5, --opt-in ask_first|ok_direct, ' +
              '--do-not-introduce or --allow-intro.',
          );
        }
        const result = await context.withServices((services) =>
          services.contacts.set(id, changes, context.actor),
        );
        if (context.json) printJson(result);
        else if (result.changed.length === 0) print(`${id}: already as asked; nothing changed.`);
        else print(`${colors.green('Updated')} ${id}: ${result.changed.join(', ')}.`);
      },
    );
}
