import { isClassAdKeyword } from './classad-keywords.js';
import { escapeQuotedName } from './print-string.js';

/** What the grammar reads as an unquoted attribute name (jdl.peggy `AttributeName`). */
const PLAIN_ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * An attribute name as the user spelled it, quoted `'like this'` only when it could not be read
 * back unquoted: names with other characters, empty names and the keywords (`'true' = 1`).
 */
export function printAttributeName(name: string): string {
  return PLAIN_ATTRIBUTE_NAME.test(name) && !isClassAdKeyword(name) ? name : `'${escapeQuotedName(name)}'`;
}
