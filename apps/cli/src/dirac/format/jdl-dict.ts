import type { PythonValue } from './python-repr.js';

/**
 * A JDL as DIRAC's getJobJDL dict shows it: each attribute's text with the quotes stripped, lists as
 * lists of such texts, other expressions (Requirements) as written. The parser is loaded only here.
 */
export async function jdlToDict(jdl: string): Promise<Record<string, PythonValue>> {
  const { parseJdl, wordText } = await import('@majorana/jdl');
  const ad = parseJdl(jdl, { fileName: 'jdl' }).ad;
  return Object.fromEntries(
    ad.attributes.map((attribute) => [
      attribute.name,
      attribute.value.kind === 'list' ? attribute.value.items.map((item) => wordText(item, jdl)) : wordText(attribute.value, jdl),
    ]),
  );
}
