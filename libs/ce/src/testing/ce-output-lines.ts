/** The value of the first `fake-pilot <key> <value>` line of the fixture's stdout, or undefined. */
export function fakePilotLine(stdout: string, key: string): string | undefined {
  const prefix = `fake-pilot ${key} `;
  return stdout
    .split('\n')
    .find((line) => line.startsWith(prefix))
    ?.slice(prefix.length);
}
