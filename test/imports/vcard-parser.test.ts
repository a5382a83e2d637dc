import { describe, expect, it } from 'vitest';

import { cardToRecord } from '../../src/imports/vcard.ts';
import {
  logicalLines,
  parseContentLine,
  parseVCards,
  splitEscaped,
  unescapeText,
} from '../../src/imports/vcard-parser.ts';

const card = (...lines: string[]) => ['BEGIN:VCARD', ...lines, 'END:VCARD'].join('\r\n') + '\r\n';

function onlyRecord(text: string) {
  const cards = [...parseVCards(text)];
  expect(cards).toHaveLength(1);
  const record = cardToRecord(cards[0]!);
  if (typeof record === 'string') throw new Error(record);
  return record;
}

describe('logicalLines', () => {
  it('unfolds a line continued with a space or a tab, removing one whitespace character', () => {
    const lines = [...logicalLines('NOTE:one two\r\n  three\r\n\tfour\r\nFN:Ana\r\n')];
    expect(lines.map((line) => line.text)).toEqual(['NOTE:one two three' + 'four', 'FN:Ana']);
    expect(lines.map((line) => line.line)).toEqual([1, 4]);
  });

  it('joins quoted-printable soft line breaks even without leading whitespace', () => {
    const lines = [...logicalLines('NOTE;ENCODING=QUOTED-PRINTABLE:caf=\r\n=C3=A9 time\r\nFN:x')];
    expect(lines[0]!.text).toBe('NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 time');
  });
});

describe('parseContentLine', () => {
  it('reads groups, parameters (quoted, comma lists, 2.1 bare values) and the value', () => {
    const p = parseContentLine('item1.EMAIL;TYPE=work,pref;LABEL="a;b:c":ana@example.com')!;
    expect(p.group).toBe('item1');
    expect(p.name).toBe('EMAIL');
    expect(p.params.get('TYPE')).toEqual(['work', 'pref']);
    expect(p.params.get('LABEL')).toEqual(['a;b:c']);
    expect(p.value).toBe('ana@example.com');
    const bare = parseContentLine('TEL;CELL;PREF:+358 40 555 0101')!;
    expect(bare.params.get('TYPE')).toEqual(['CELL', 'PREF']);
  });

  it('decodes quoted-printable in the declared charset', () => {
    expect(parseContentLine('FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen')!.value).toBe(
      'Jürgen',
    );
    expect(parseContentLine('FN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Jos=E9')!.value).toBe('José');
  });

  it('gives null for a line without a colon', () => {
    expect(parseContentLine('garbage')).toBeNull();
  });
});

describe('escapes', () => {
  it('unescapes \\n \\, \\; and \\\\ in text values', () => {
    expect(unescapeText('a\\, b\\; c\\nd\\\\e')).toBe('a, b; c\nd\\e');
  });

  it('splits structured values only on unescaped separators', () => {
    expect(splitEscaped('Tran\\, Patel & Co.;Legal', ';')).toEqual(['Tran, Patel & Co.', 'Legal']);
    expect(splitEscaped('Investors,Seed\\,Pre-seed', ',')).toEqual(['Investors', 'Seed,Pre-seed']);
  });
});

describe('cardToRecord', () => {
  it('maps a 3.0 card: FN, structured ORG, preferred e-mail first, CATEGORIES, URL, UID', () => {
    const record = onlyRecord(
      card(
        'VERSION:3.0',
        'UID:urn:uuid:1',
        'FN:Ana Lupu',
        'ORG:Kelp\\, Inc.;Payments',
        'EMAIL;TYPE=home:ana@home.example',
        'EMAIL;TYPE=work,pref:ana@kelp.example',
        'TEL;TYPE=cell:+40 21 555 0100',
        'CATEGORIES:Investors,Fintech',
        'URL:https://www.linkedin.com/in/ana-lupu/',
        'NOTE:line one\\nline two\\, continued',
      ),
    );
    expect(record).toMatchObject({
      name: 'Ana Lupu',
      company: 'Kelp, Inc.',
      emails: ['ana@kelp.example', 'ana@home.example'],
      phones: ['+40215550100'],
      tags: ['Investors', 'Fintech'],
      linkedinUrl: 'https://www.linkedin.com/in/ana-lupu',
      uid: 'urn:uuid:1',
      notes: 'line one\nline two, continued',
    });
  });

  it('orders 4.0 e-mails by PREF and builds the name from N when FN is missing', () => {
    const record = onlyRecord(
      card(
        'VERSION:4.0',
        'N:Lupu;Ana;Maria;Dr.;',
        'EMAIL;PREF=2:b@example.com',
        'EMAIL;PREF=1:a@example.com',
      ),
    );
    expect(record.name).toBe('Dr. Ana Maria Lupu');
    expect(record.emails).toEqual(['a@example.com', 'b@example.com']);
  });

  it('decodes a 2.1 card with quoted-printable CRLF and a soft break in the note', () => {
    const record = onlyRecord(
      card(
        'VERSION:2.1',
        'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ana J=C3=A4rvi',
        'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:first=0D=0Asec=',
        'ond',
        'EMAIL;INTERNET;PREF:ana@example.com',
      ),
    );
    expect(record.name).toBe('Ana Järvi');
    expect(record.notes).toBe('first\nsecond');
    expect(record.emails).toEqual(['ana@example.com']);
  });

  it('skips a card with nothing that names a person', () => {
    const [only] = [...parseVCards(card('VERSION:3.0', 'ORG:Kelp'))];
    expect(cardToRecord(only!)).toMatch(/without a name/);
  });
});

describe('parseVCards', () => {
  it('reads every card, ignores lines outside cards and nested AGENT cards, and keeps a cut-off last card', () => {
    const text =
      'junk\r\n' +
      card('VERSION:2.1', 'FN:One', 'AGENT:', 'BEGIN:VCARD', 'FN:Nested', 'END:VCARD') +
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut off\r\n';
    const cards = [...parseVCards(text)];
    expect(cards.map((c) => c.version)).toEqual(['2.1', '3.0']);
    expect(cards.map((c) => c.line)).toEqual([2, 10]);
    expect(cards[0]!.properties.filter((p) => p.name === 'FN').map((p) => p.value)).toEqual([
      'One',
    ]);
  });
});
