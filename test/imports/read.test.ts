import { describe, expect, it } from 'vitest';

import { sniffDelimiter } from '../../src/imports/csv.ts';
import { decodeBytes, looksBinary } from '../../src/imports/decode.ts';
import { openSource } from '../../src/imports/read.ts';
import type { SourceRow } from '../../src/imports/record.ts';

async function rowsOf(text: string | Buffer, format?: 'linkedin' | 'google' | 'outlook') {
  const source = await openSource(typeof text === 'string' ? Buffer.from(text) : text, format);
  const rows: SourceRow[] = [];
  for await (const row of source.rows) rows.push(row);
  return { source, rows };
}

const LINKEDIN_HEADER = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On';

describe('decodeBytes', () => {
  it('strips a UTF-8 BOM and falls back to Windows-1252 for invalid UTF-8', () => {
    expect(decodeBytes(Buffer.from('\ufeffhé'))).toEqual({ text: 'hé', encoding: 'utf-8' });
    expect(decodeBytes(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x80]))).toEqual({
      text: 'Müller€',
      encoding: 'windows-1252',
    });
  });

  it('reads UTF-16 with its BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zoë', 'utf16le')]);
    expect(decodeBytes(bytes)).toEqual({ text: 'Zoë', encoding: 'utf-16le' });
    expect(looksBinary(bytes)).toBe(false);
  });
});

describe('sniffDelimiter', () => {
  it('picks the delimiter the header and rows agree on, ignoring quoted text', () => {
    expect(sniffDelimiter('a,b,c\n1,"x;y;z;w",3\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1;x, y, z, w;3\n4;5;6\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n1\t"x,y"\t3\n')).toBe('\t');
    expect(sniffDelimiter('Notes:\n"long, long, long, long, long text"\n\na,b\n1,2\n')).toBe(',');
  });
});

describe('openSource', () => {
  it('detects the format by content and scans past the LinkedIn preamble', async () => {
    const { source, rows } = await rowsOf(
      `Notes:\n"Exported, with care."\n\n${LINKEDIN_HEADER}\nAna,Lupu,https://www.linkedin.com/in/ana,,Kelp,CFO,01 Jan 2020\n`,
    );
    expect(source.format).toBe('linkedin');
    expect(rows).toMatchObject([{ line: 5, record: { name: 'Ana Lupu', company: 'Kelp' } }]);
  });

  it('keeps newlines inside quoted fields and counts lines past them', async () => {
    const { rows } = await rowsOf(
      'First Name,Last Name,Notes,E-mail 1 - Value,Labels\r\n' +
        'Ana,Lupu,"line one\r\nline two, with a comma",ana@example.com,* myContacts\r\n' +
        'Bo,Chen,,bo@example.com,\r\n',
    );
    expect(rows[0]!.record!.notes).toBe('line one\nline two, with a comma');
    expect(rows.map((row) => row.line)).toEqual([2, 4]);
  });

  it('reads tab- and semicolon-separated copies the same way', async () => {
    for (const delimiter of ['\t', ';']) {
      const text = [LINKEDIN_HEADER, 'Ana,Lupu,,ana@example.com,"Kelp, Inc.",CFO,01 Jan 2020']
        .map((line) => line.replace(/,(?! Inc)/g, delimiter).replace(/"/g, ''))
        .join('\n');
      const { source, rows } = await rowsOf(text);
      expect(source.delimiter).toBe(delimiter);
      expect(rows[0]!.record).toMatchObject({ name: 'Ana Lupu', company: 'Kelp, Inc.' });
    }
  });

  it('splits Google ::: values and puts the * primary first, without the myContacts label', async () => {
    const { rows } = await rowsOf(
      'First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n' +
        'Ana,Lupu,* myContacts ::: Investors,Home ::: * Work,a@home.example ::: a@work.example\n',
    );
    expect(rows[0]!.record).toMatchObject({
      emails: ['a@work.example', 'a@home.example'],
      tags: ['Investors'],
    });
  });

  it('skips empty rows and rows naming nobody, with their lines', async () => {
    const { rows } = await rowsOf(`${LINKEDIN_HEADER}\n,,,,,,\n,,,,Kelp,CFO,\n`);
    expect(rows).toEqual([
      { line: 2, skip: 'empty row' },
      { line: 3, skip: 'no name, e-mail or LinkedIn URL' },
    ]);
  });

  it('refuses an unknown header, naming what it saw', async () => {
    await expect(rowsOf('sku,price\nA1,2\n')).rejects.toMatchObject({
      reason: expect.stringContaining('it starts "sku,price"'),
    });
  });
});
