/**
 * The characters no stored or displayed text may carry as they are: the C0 controls, DEL, the C1
 * controls (U+0080-U+009F, which some terminals obey like escape sequences), and the bidi
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what a person
 * reads. One list for what agents may send (src/mcp/validation.ts), what imports keep
 * (src/imports/normalise.ts) and what the CLI prints (src/cli/output.ts). As regex class bodies.
 */
export const CONTROL_CHARACTERS = '\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069';

/** CONTROL_CHARACTERS but tab, line feed and carriage return, which multi-line text may hold. */
export const CONTROL_CHARACTERS_BUT_BREAKS =
  '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069';
