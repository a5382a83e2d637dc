/**
 * The small fictional network that ships with the project: your LinkedIn export, a vCard file
 * with the notes and tags LinkedIn leaves out, and a teammate's (Priya Raman's) export that
 * overlaps with yours. Every person and company here is made up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Person {
  first: string;
  last: string;
  company: string;
  title: string;
  connected: string;
  email?: string;
}

const slug = (p: Person) =>
  `${p.first}-${p.last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');

/** Your connections: seed investors (several in fintech), operators, engineers, founders. */
const MINE: Person[] = [
  {
    first: 'Elena',
    last: 'Vasquez',
    company: 'Copperline Seed',
    title: 'General Partner',
    connected: '12 Mar 2019',
    email: 'elena@copperline.example',
  },
  {
    first: 'Marcus',
    last: 'Oyelaran',
    company: 'Ledgerstone Ventures',
    title: 'Partner',
    connected: '04 Sep 2020',
  },
  {
    first: 'Hannah',
    last: 'Brückner',
    company: 'Northgate Capital',
    title: 'Principal',
    connected: '21 Jan 2022',
  },
  {
    first: 'Tomás',
    last: 'Reyes',
    company: 'Fintech Foundry',
    title: 'Managing Partner',
    connected: '30 Jun 2018',
    email: 'tomas@fintechfoundry.example',
  },
  {
    first: 'Grace',
    last: 'Whitaker',
    company: 'Bramble Ventures',
    title: 'Seed Investor',
    connected: '15 Nov 2021',
  },
  {
    first: 'Kenji',
    last: 'Morimoto',
    company: 'Tidepool Capital',
    title: 'General Partner',
    connected: '09 Feb 2017',
  },
  {
    first: 'Amara',
    last: 'Nwosu',
    company: 'Harborlight Fund',
    title: 'Venture Partner',
    connected: '27 Aug 2023',
  },
  {
    first: 'Lukas',
    last: 'Ferreira',
    company: 'Atlas Angels',
    title: 'Angel Investor',
    connected: '03 May 2016',
  },
  {
    first: 'Sofia',
    last: 'Lindgren',
    company: 'Quarry Lane Partners',
    title: 'Partner, Fintech',
    connected: '18 Oct 2022',
  },
  {
    first: 'Daniel',
    last: 'Achterberg',
    company: 'Meridian Growth',
    title: 'Growth Investor',
    connected: '07 Jul 2019',
  },
  {
    first: 'Priya',
    last: 'Raman',
    company: 'AgentIntros Labs',
    title: 'Head of Partnerships',
    connected: '02 Jan 2020',
    email: 'priya@agentintros-labs.example',
  },
  {
    first: 'Olivia',
    last: 'Grant',
    company: 'Paywise',
    title: 'VP Engineering',
    connected: '11 Apr 2021',
  },
  {
    first: 'Rafael',
    last: 'Duarte',
    company: 'Clearbook',
    title: 'Founder & CEO',
    connected: '23 Mar 2023',
  },
  {
    first: 'Mei',
    last: 'Tanaka',
    company: 'Ledgerly',
    title: 'Head of Risk',
    connected: '14 Dec 2018',
  },
  {
    first: 'Jonas',
    last: 'Eklund',
    company: 'Stackmint',
    title: 'Staff Engineer',
    connected: '06 Jun 2022',
  },
  {
    first: 'Fatima',
    last: 'Haidari',
    company: 'Clearbook',
    title: 'CTO',
    connected: '19 Sep 2023',
  },
  {
    first: 'Noah',
    last: 'Bergström',
    company: 'Paywise',
    title: 'Product Manager',
    connected: '28 Feb 2020',
  },
  { first: 'Chloé', last: 'Martin', company: 'Finovo', title: 'COO', connected: '01 Aug 2017' },
  {
    first: 'Samuel',
    last: 'Osei',
    company: 'Remitly Labs',
    title: 'Head of Growth',
    connected: '10 Oct 2019',
  },
  { first: 'Isabel', last: 'Cruz', company: 'Kitefin', title: 'Founder', connected: '05 Mar 2024' },
  {
    first: 'Arjun',
    last: 'Mehta',
    company: 'Stackmint',
    title: 'Engineering Manager',
    connected: '16 May 2021',
  },
  {
    first: 'Zara',
    last: 'Okafor',
    company: '"Bright & Co, Payments"',
    title: 'Head of Payments',
    connected: '22 Nov 2022',
  },
  {
    first: 'Liam',
    last: 'Novak',
    company: 'Tallyworks',
    title: 'Senior Engineer',
    connected: '13 Jan 2019',
  },
  {
    first: 'Ines',
    last: 'Sousa',
    company: 'Finovo',
    title: 'Head of Compliance',
    connected: '29 Jul 2020',
  },
  {
    first: 'Oliver',
    last: 'Hughes',
    company: 'Clearbook',
    title: 'Designer',
    connected: '08 Aug 2023',
  },
  {
    first: 'Yara',
    last: 'Haddad',
    company: 'Moneta Health',
    title: 'CFO',
    connected: '17 Apr 2018',
  },
  {
    first: 'Ethan',
    last: 'Park',
    company: 'Quantlane',
    title: 'Data Scientist',
    connected: '25 Sep 2021',
  },
  { first: 'Nadia', last: 'Petrova', company: 'Kitefin', title: 'CTO', connected: '04 Feb 2024' },
  {
    first: 'Ben',
    last: 'Adler',
    company: 'Tallyworks',
    title: 'Founder & CEO',
    connected: '12 Dec 2016',
  },
  {
    first: 'Lucía',
    last: 'Romero',
    company: 'Paywise',
    title: 'Head of Partnerships',
    connected: '30 Mar 2022',
  },
  {
    first: 'Kwame',
    last: 'Asante',
    company: 'Ledgerly',
    title: 'Founder',
    connected: '09 Nov 2019',
  },
  {
    first: 'Hugo',
    last: 'Lefebvre',
    company: 'Finovo',
    title: 'Staff Engineer',
    connected: '14 Jun 2023',
  },
  {
    first: 'Anya',
    last: 'Kowalczyk',
    company: 'Remitly Labs',
    title: 'VP Product',
    connected: '21 Oct 2020',
  },
  {
    first: 'Theo',
    last: 'Marsh',
    company: 'Quantlane',
    title: 'Founder & CEO',
    connected: '03 Jan 2018',
  },
  {
    first: 'Leila',
    last: 'Farouk',
    company: 'Moneta Health',
    title: 'Head of Engineering',
    connected: '18 May 2022',
  },
  {
    first: 'Victor',
    last: 'Santos',
    company: 'Clearbook',
    title: 'Backend Engineer',
    connected: '27 Feb 2024',
  },
  {
    first: 'Emma',
    last: 'Johansson',
    company: 'Stackmint',
    title: 'Head of People',
    connected: '06 Sep 2017',
  },
  {
    first: 'Diego',
    last: 'Alvarez',
    company: 'Kitefin',
    title: 'Growth Lead',
    connected: '15 Aug 2021',
  },
  {
    first: 'Ruth',
    last: 'Mensah',
    company: 'Tallyworks',
    title: 'Operations Lead',
    connected: '02 Jul 2019',
  },
  {
    first: 'Felix',
    last: 'Wagner',
    company: 'Ledgerly',
    title: 'Security Engineer',
    connected: '11 Nov 2023',
  },
  {
    first: 'Aisha',
    last: 'Bello',
    company: 'Paywise',
    title: 'Fraud Analyst',
    connected: '24 Apr 2020',
  },
  {
    first: 'Max',
    last: 'Hoffmann',
    company: 'Finovo',
    title: 'Product Engineer',
    connected: '07 Oct 2022',
  },
  {
    first: 'Sara',
    last: 'Conti',
    company: 'Moneta Health',
    title: 'Founder & CEO',
    connected: '19 Jan 2021',
  },
  {
    first: 'Omar',
    last: 'Saleh',
    company: 'Quantlane',
    title: 'Quant Developer',
    connected: '28 Jun 2018',
  },
  {
    first: 'Julia',
    last: 'Kim',
    company: 'Remitly Labs',
    title: 'Engineering Manager',
    connected: '13 Mar 2023',
  },
  {
    first: 'Pedro',
    last: 'Lima',
    company: 'Stackmint',
    title: 'DevRel Lead',
    connected: '05 Dec 2020',
  },
];

/** Notes and tags for some of your connections, as a phone or mail app would export them. */
const CARDS: { person: Person; tags: string[]; note: string }[] = [
  {
    person: MINE[0]!,
    tags: ['Investors', 'Fintech'],
    note: 'Leads fintech seed rounds, writes first cheques of $1-2M. Backed two reconciliation tools; asks for a short forwardable and a metrics line.',
  },
  {
    person: MINE[1]!,
    tags: ['Investors', 'Fintech'],
    note: 'Partner at a seed fund focused on finance infrastructure. Prefers warm intros from operators she knows.',
  },
  {
    person: MINE[2]!,
    tags: ['Investors'],
    note: 'Seed and Series A, generalist; took a fintech board seat last year.',
  },
  {
    person: MINE[3]!,
    tags: ['Investors', 'Fintech'],
    note: 'Runs a fintech-only pre-seed and seed fund. Loves B2B finance automation; replies fast.',
  },
  {
    person: MINE[4]!,
    tags: ['Investors'],
    note: 'Consumer-focused seed investor; not a fit for B2B fintech.',
  },
  {
    person: MINE[8]!,
    tags: ['Investors', 'Fintech'],
    note: 'Leads seed rounds in payments and accounting software. Met at a Lisbon fintech dinner.',
  },
  {
    person: MINE[9]!,
    tags: ['Investors'],
    note: 'Growth stage only (Series B+); too late for a seed round.',
  },
  {
    person: MINE[12]!,
    tags: ['Founders', 'Fintech'],
    note: 'Raised a seed for Clearbook in 2023; happy to share his investor list.',
  },
  {
    person: MINE[13]!,
    tags: ['Operators', 'Fintech'],
    note: 'Former risk lead at a neobank; great reference for compliance questions.',
  },
];

/** Priya's connections: some you share, some only she knows (reachable through her). */
const PRIYAS: Person[] = [
  MINE[0]!,
  MINE[3]!,
  MINE[12]!,
  MINE[17]!,
  MINE[21]!,
  {
    first: 'Beatriz',
    last: 'Almeida',
    company: 'Saltwater Seed',
    title: 'General Partner, Fintech',
    connected: '14 Feb 2021',
    email: 'beatriz@saltwater.example',
  },
  {
    first: 'Henrik',
    last: 'Dahl',
    company: 'Fjord Ventures',
    title: 'Partner',
    connected: '09 Sep 2019',
  },
  {
    first: 'Camille',
    last: 'Roux',
    company: 'Ledger Street Capital',
    title: 'Principal, Seed',
    connected: '21 Mar 2022',
  },
  {
    first: 'Samir',
    last: 'Qureshi',
    company: 'Bankside Angels',
    title: 'Angel Investor',
    connected: '30 Nov 2020',
  },
  {
    first: 'Hana',
    last: 'Yoshida',
    company: 'Paywise',
    title: 'Head of Finance',
    connected: '12 Jul 2023',
  },
  {
    first: 'Marco',
    last: 'Bianchi',
    company: 'Clearbook',
    title: 'Sales Lead',
    connected: '03 Oct 2022',
  },
  {
    first: 'Ngozi',
    last: 'Eze',
    company: 'Kitefin',
    title: 'Compliance Officer',
    connected: '18 Jun 2021',
  },
];

const LINKEDIN_PREAMBLE =
  'Notes:\n"When exporting your connection data, you may notice that some of the email ' +
  'addresses are missing. You will only see email addresses for connections who have allowed ' +
  'it."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n';

function linkedinCsv(people: Person[]): string {
  const rows = people.map((p) =>
    [
      p.first,
      p.last,
      `https://www.linkedin.com/in/${slug(p)}`,
      p.email ?? '',
      p.company,
      p.title,
      p.connected,
    ].join(','),
  );
  return LINKEDIN_PREAMBLE + rows.join('\n') + '\n';
}

const escapeVcard = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;');

function vcards(): string {
  return CARDS.map(({ person: p, tags, note }) =>
    [
      'BEGIN:VCARD',
      'VERSION:3.0',
      `FN:${p.first} ${p.last}`,
      `N:${p.last};${p.first};;;`,
      `ORG:${escapeVcard(p.company.replace(/"/g, ''))}`,
      `TITLE:${escapeVcard(p.title)}`,
      `URL:https://www.linkedin.com/in/${slug(p)}`,
      `CATEGORIES:${tags.map(escapeVcard).join(',')}`,
      `NOTE:${escapeVcard(note)}`,
      'END:VCARD',
    ].join('\r\n'),
  )
    .join('\r\n')
    .concat('\r\n');
}

/** The files' text, for callers that want it without touching the disk. */
export const SAMPLE_NETWORK = {
  linkedin: linkedinCsv(MINE),
  vcards: vcards(),
  teammate: { member: 'Priya Raman', linkedin: linkedinCsv(PRIYAS) },
} as const;

export interface SampleNetworkFiles {
  /** Import these for the owner, in this order. */
  mine: string[];
  teammates: { member: string; path: string }[];
}

/** Writes the sample network into `dir` (created if needed) and returns the paths. */
export function writeSampleNetwork(dir: string): SampleNetworkFiles {
  mkdirSync(dir, { recursive: true });
  const linkedin = join(dir, 'Connections.csv');
  const cards = join(dir, 'contacts.vcf');
  const priya = join(dir, 'priya-raman-Connections.csv');
  writeFileSync(linkedin, SAMPLE_NETWORK.linkedin);
  writeFileSync(cards, SAMPLE_NETWORK.vcards);
  writeFileSync(priya, SAMPLE_NETWORK.teammate.linkedin);
  return {
    mine: [linkedin, cards],
    teammates: [{ member: SAMPLE_NETWORK.teammate.member, path: priya }],
  };
}
