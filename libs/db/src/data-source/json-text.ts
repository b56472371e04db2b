/** Reads a JSON array of strings stored as text (users' groups, groups' properties). */
export function parseStringList(json: string, what: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new TypeError(`stored ${what} is not a JSON list of strings: ${json}`);
  }
  return value;
}
