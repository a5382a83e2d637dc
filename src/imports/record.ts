/**
 * The one shape every reader produces: a contact record normalised for dedupe and storage, and a
 * source row that is either such a record or a reason for skipping it.
 */

export const IMPORT_FORMATS = ['linkedin', 'google', 'outlook', 'vcard'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ContactRecord {
  name: string;
  company: string | null;
  title: string | null;
  location: string | null;
  /** Canonical `https://www.linkedin.com/in/slug`, or null when the row had no profile URL. */
  linkedinUrl: string | null;
  /** Normalised (trimmed, lowercased), primary first, without duplicates. */
  emails: string[];
  phones: string[];
  tags: string[];
  notes: string | null;
  uid: string | null;
  /** Milliseconds at 00:00 UTC of the day the member connected (LinkedIn's "Connected On"). */
  connectedOn: number | null;
}

/**
 * One row of the source: `line` is where it starts in the file (1-based). A reader on the parsing
 * thread also sets the record's `fingerprint`.
 */
export type SourceRow =
  | { line: number; record: ContactRecord; fingerprint?: string; skip?: undefined }
  | { line: number; skip: string; record?: undefined; fingerprint?: undefined };

/**
 * The input is no contact export a reader knows; `reason` says what was seen. The import turns
 * it into a VALIDATION_ERROR naming the file and the accepted formats.
 */
export class UnrecognisedInput extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
