/**
 * A small reader of vCard content lines (RFC 6350 §3, which 3.0 shares) with the vCard 2.1
 * differences: bare parameters (`TEL;CELL`), QUOTED-PRINTABLE values with a CHARSET and `=` soft
 * line breaks. No maintained npm library decodes 2.1 quoted-printable, hence this one.
 */
import { decodeCharset } from './decode.ts';

export interface VCardProperty {
  group: string | null;
  /** Uppercased: `EMAIL`, `X-SOCIALPROFILE`. */
  name: string;
  /** Uppercased parameter names; values unquoted and split on commas. */
  params: Map<string, string[]>;
  /** Transfer encoding and charset undone; vCard escapes (`\,` `\;` `\n`) still in place. */
  value: string;
}

export interface VCard {
  /** The line of its BEGIN:VCARD. */
  line: number;
  version: string | null;
  properties: VCardProperty[];
}

const ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);

/** Every card in the text, in order; lines outside a card and nested cards (2.1 AGENT) skipped. */
export function* parseVCards(text: string): Generator<VCard> {
  let card: VCard | null = null;
  let depth = 0;
  for (const { line, text: content } of logicalLines(text)) {
    const property = parseContentLine(content);
    if (property === null) continue;
    const value = property.value.trim().toUpperCase();
    if (property.name === 'BEGIN' && value === 'VCARD') {
      depth += 1;
      if (depth === 1) card = { line, version: null, properties: [] };
    } else if (property.name === 'END' && value === 'VCARD') {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && card) {
        yield card;
        card = null;
      }
    } else if (card && depth === 1) {
      if (property.name === 'VERSION') card.version = property.value.trim();
      else card.properties.push(property);
    }
  }
  // A file cut short still yields its last card rather than losing it silently.
  if (card) yield card;
}

interface LogicalLine {
  line: number;
  text: string;
}

/** Unfolds continuation lines (leading space or tab) and joins quoted-printable soft breaks. */
export function* logicalLines(text: string): Generator<LogicalLine> {
  const lines = text.split(/\r\n|\r|\n/);
  let current: string | null = null;
  let start = 0;
  let quotedPrintable = false;
  for (let n = 0; n < lines.length; n += 1) {
    const raw = lines[n]!;
    if (current !== null && quotedPrintable && current.endsWith('=')) {
      current = current.slice(0, -1) + raw;
      continue;
    }
    if (current !== null && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      current += raw.slice(1);
      continue;
    }
    if (current !== null && current !== '') yield { line: start, text: current };
    current = raw;
    start = n + 1;
    quotedPrintable = isQuotedPrintable(raw);
  }
  if (current !== null && current !== '') yield { line: start, text: current };
}

function isQuotedPrintable(line: string): boolean {
  const colon = line.indexOf(':');
  const head = colon < 0 ? line : line.slice(0, colon);
  return /;(?:ENCODING=)?QUOTED-PRINTABLE(?=[;:]|$)/i.test(head);
}

/** `[group.]NAME *(;param) : value`; null for a line with no colon outside quotes. */
export function parseContentLine(text: string): VCardProperty | null {
  let i = 0;
  while (i < text.length && text[i] !== ';' && text[i] !== ':') i += 1;
  if (i >= text.length) return null;
  const fullName = text.slice(0, i).trim();
  const dot = fullName.lastIndexOf('.');
  const group = dot >= 0 ? fullName.slice(0, dot) : null;
  const name = fullName.slice(dot + 1).toUpperCase();
  const params = new Map<string, string[]>();
  while (text[i] === ';') {
    i += 1;
    const startOfParam = i;
    let inQuotes = false;
    while (i < text.length && (inQuotes || (text[i] !== ';' && text[i] !== ':'))) {
      if (text[i] === '"') inQuotes = !inQuotes;
      i += 1;
    }
    addParam(params, text.slice(startOfParam, i));
  }
  if (text[i] !== ':') return null;
  return { group, name, params, value: decodeValue(text.slice(i + 1), params) };
}

function addParam(params: Map<string, string[]>, raw: string): void {
  if (raw.trim() === '') return;
  const eq = raw.indexOf('=');
  let key: string;
  let values: string[];
  if (eq < 0) {
    // vCard 2.1 writes bare values: `TEL;CELL;PREF`, `NOTE;QUOTED-PRINTABLE`.
    const bare = raw.trim();
    key = ENCODINGS.has(bare.toUpperCase()) ? 'ENCODING' : 'TYPE';
    values = [bare];
  } else {
    key = raw.slice(0, eq).trim().toUpperCase();
    const value = raw.slice(eq + 1).trim();
    values =
      value.startsWith('"') && value.endsWith('"') && value.length >= 2
        ? [value.slice(1, -1)]
        : value.split(',').map((part) => part.trim().replace(/^"|"$/g, ''));
  }
  params.set(key, [...(params.get(key) ?? []), ...values]);
}

function decodeValue(raw: string, params: Map<string, string[]>): string {
  const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
  const charset = params.get('CHARSET')?.[0];
  if (encoding === 'QUOTED-PRINTABLE') return decodeCharset(quotedPrintableBytes(raw), charset);
  if (encoding === 'B' || encoding === 'BASE64') {
    // Photos and keys are binary and unused; only text properties are worth decoding.
    return params.has('CHARSET') ? decodeCharset(Buffer.from(raw, 'base64'), charset) : '';
  }
  return raw;
}

/** `=XX` to bytes; other characters as their UTF-8 bytes; a stray `=` dropped. */
export function quotedPrintableBytes(raw: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const char = raw[i]!;
    if (char === '=') {
      const hex = raw.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      }
      continue;
    }
    const code = raw.codePointAt(i)!;
    if (code < 0x80) {
      bytes.push(code);
    } else {
      const whole = String.fromCodePoint(code);
      bytes.push(...Buffer.from(whole, 'utf8'));
      i += whole.length - 1;
    }
  }
  return Buffer.from(bytes);
}

/** Text value escapes: `\n` `\N` to a newline, `\,` `\;` `\:` `\\` to the character. */
export function unescapeText(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([nN,;:\\])/g, (_, char: string) =>
    char === 'n' || char === 'N' ? '\n' : char,
  );
}

/** Splits on `separator` where it is not escaped, then unescapes each part. */
export function splitEscaped(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i]!;
    if (char === '\\' && i + 1 < value.length) {
      current += char + value[i + 1]!;
      i += 1;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(unescapeText);
}
