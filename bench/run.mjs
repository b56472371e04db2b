// npm run bench -- NAME [--json]: runs bench/NAME.bench.mjs against the built libraries.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.bench.mjs'))
  .map((file) => file.replace('.bench.mjs', ''));
const args = process.argv.slice(2);
const json = args.includes('--json');
const names = args.filter((arg) => !arg.startsWith('--'));
if (names.length === 0) {
  console.error(`usage: npm run bench -- NAME [--json]; benchmarks: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`no benchmark "${name}"; benchmarks: ${available.join(', ')}`);
    process.exit(2);
  }
  const { run } = await import(`./${name}.bench.mjs`);
  await run({ json });
}
