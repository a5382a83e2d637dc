/**
 * What the CLI prints cannot drive the person's terminal: stored text with escape sequences,
 * control characters or a lone carriage return reaches it as '?' (src/cli/output.ts).
 */
import { describe, expect, it } from 'vitest';

import { terminalSafe } from '../../src/cli/output.ts';
import { runCli } from '../helpers/cli.ts';
import { openTestServices } from '../helpers/store.ts';

describe('terminalSafe', () => {
  it('replaces escape sequences and control characters, keeping line breaks and tabs', () => {
    expect(terminalSafe('Eve \u001b[8mHIDDEN\u001b[0m\u001b]0;owned\u0007 Esc')).toBe(
      'Eve ?HIDDEN?? Esc',
    );
    expect(terminalSafe('Send the list.\rHi Aisha')).toBe('Send the list.?Hi Aisha');
    expect(terminalSafe('a\r\nb\tc\n')).toBe('a\r\nb\tc\n');
    expect(terminalSafe('x\u009b2Jy\u0000z\u007f')).toBe('x?2Jy?z?');
    expect(terminalSafe('\u001bc reset')).toBe('? reset');
  });

  it('replaces bidi overrides and isolates, which reorder what a person reads', () => {
    expect(terminalSafe('Wire \u202e0001$\u202c now, \u2066x\u2069')).toBe('Wire ?0001$? now, ?x?');
  });

  it("keeps the CLI's own colours", () => {
    const own = '\u001b[1mbold\u001b[22m \u001b[32mgreen\u001b[39m \u001b[2mdim\u001b[22m';
    expect(terminalSafe(own)).toBe(own);
  });
});

describe('the CLI on a store holding hostile text', () => {
  it('prints no escape character or lone carriage return from it', () => {
    const { store } = openTestServices();
    const now = Date.now();
    store.db
      .prepare(
        'INSERT INTO contacts (id, name, title, notes, created_at, updated_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        'ct_hostile',
        'Eve \u001b[8mHIDDEN\u001b[0m\u001b]0;owned\u0007 Esc',
        'Partner\u009b2J',
        'Send me your bank login.\rHi Aisha, worth a call?',
        now,
        now,
      );
    const db = store.path;
    store.close();
    for (const args of [['contacts'], ['contacts', 'show', 'ct_hostile'], ['contacts', 'eve']]) {
      const result = runCli(args, { db });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('Eve ?HIDDEN');
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      expect(result.stdout).not.toMatch(/[\u001b\u0007\u009b]|\r(?!\n)/);
    }
    const json = runCli(['contacts', 'show', 'ct_hostile', '--json'], { db });
    expect(json.status).toBe(0);
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(json.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(JSON.parse(json.stdout).title).toBe('Partner\u009b2J');
  });
});
