/**
 * Every tool the server offers. None can approve, reject, send, opt in, delete or register a
 * webhook: those are the CLI's, for people only (SPEC §1).
 */
import type { Tool } from '../tool.ts';
import { draftIntro } from './draft-intro.ts';
import { draftIntroRequest } from './draft-intro-request.ts';
import { getIntroRequest } from './get-intro-request.ts';
import { listIntroRequests } from './list-intro-requests.ts';
import { listMatches } from './list-matches.ts';
import { scheduleFollowUp } from './schedule-follow-up.ts';
import { searchContacts } from './search-contacts.ts';

export const TOOLS: readonly Tool[] = [
  draftIntroRequest,
  listMatches,
  draftIntro,
  scheduleFollowUp,
  getIntroRequest,
  listIntroRequests,
  searchContacts,
];
