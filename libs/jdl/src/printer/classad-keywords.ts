/**
 * Words the grammar reserves (jdl.peggy `Keyword`), compared case-insensitively: they cannot name
 * a reference, a function or a selected attribute, and an attribute called one is printed quoted
 * so that ClassAd readers other than ours (HTCondor's) read it as a name too.
 */
const CLASSAD_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'undefined', 'error', 'is', 'isnt']);

export function isClassAdKeyword(word: string): boolean {
  return CLASSAD_KEYWORDS.has(word.toLowerCase());
}
