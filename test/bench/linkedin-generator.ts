/**
 * A synthetic LinkedIn `Connections.csv` of N fictional people, the same for the same N: the
 * export's preamble, quoted companies with commas, doubled quotes, mostly empty e-mails, and an
 * all-empty row every thousand. The import benchmark and anyone measuring imports can reuse it.
 */
import { writeFileSync } from 'node:fs';

const FIRST = [
  'Ana',
  'Bo',
  'Chidi',
  'Dana',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kai',
  'Lena',
  'Mateo',
  'Nia',
  'Oskar',
  'Pia',
  'Quinn',
  'Rosa',
  'Sami',
  'Tove',
];
const LAST = [
  'Abara',
  'Brandt',
  'Costa',
  'Dahl',
  'Eze',
  'Falk',
  'Gray',
  'Holm',
  'Ilves',
  'Joshi',
  'Kurt',
  'Lund',
  'Moreau',
  'Novak',
  'Ortiz',
  'Park',
  'Quist',
  'Rahman',
  'Sato',
  'Tamm',
  'Ueda',
  'Vale',
  'Weiss',
  'Xu',
  'Young',
  'Zorić',
];
const COMPANIES = [
  'Kelp Payments',
  '"Harbourlight Capital, LLC"',
  'Quillstone',
  'Tessellate Seed',
  'Fieldnote Labs',
  '"Tran, Patel & Co."',
  'Brightmoor Ventures',
  'Northlight Payments',
  'Saltmarsh Analytics',
  'Ledgerleaf',
];
const POSITIONS = [
  'Founder & CEO',
  'General Partner',
  'Principal',
  'Head of Payments',
  '"Staff Engineer ""Platform"""',
  'CTO',
  'Venture Partner',
  'Angel Investor',
  '"Director, Fintech"',
  'Product Manager',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const PREAMBLE =
  'Notes:\n"Synthetic connections for the AgentIntros benchmark. E-mail addresses are blank ' +
  'for most people, as in a real export."\n\n' +
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';

/** Row `i` of the file; every value is a function of `i` alone. */
export function linkedInRow(i: number): string {
  if (i % 1000 === 999) return ',,,,,,';
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const slug = `${first}-${last}-${i}`.toLowerCase();
  const email = i % 5 === 0 ? `${first}.${i}@example.com`.toLowerCase() : '';
  const day = String((i % 28) + 1).padStart(2, '0');
  const date = `${day} ${MONTHS[i % 12]!} ${2010 + (i % 16)}`;
  return [
    first,
    last,
    `https://www.linkedin.com/in/${slug}`,
    email,
    COMPANIES[i % COMPANIES.length]!,
    POSITIONS[(i * 7) % POSITIONS.length]!,
    date,
  ].join(',');
}

/** Writes `rows` data rows (all-empty ones included) to `path`. */
export function writeLinkedInCsv(path: string, rows: number): void {
  const lines: string[] = [PREAMBLE];
  for (let i = 0; i < rows; i += 1) lines.push(linkedInRow(i), '\n');
  writeFileSync(path, lines.join(''));
}
