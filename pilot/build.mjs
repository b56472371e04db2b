// Bundles the pilot into one file a worker node runs with plain `node` (Node 20): our libs, `ws`,
// typebox and tar all inside, nothing to install. Usage: node pilot/build.mjs [--outfile PATH]
import { build } from 'esbuild';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
const outfile = values.outfile ?? join(here, 'dist', 'pilot.js');
const { version } = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));

await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // The root tsconfig maps @majorana/* to each lib's src/index.ts: the bundle is made from the same
  // sources the tests ran, without needing the libs' dist/ built first.
  tsconfig: join(root, 'tsconfig.json'),
  banner: {
    // `ws` is CommonJS and requires Node built-ins; an ESM bundle has no `require` unless given one.
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __pilotCreateRequire } from 'node:module';",
      'const require = __pilotCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  // Optional native speed-ups `ws` tries to load and does without (a worker node has no compiler).
  external: ['bufferutil', 'utf-8-validate'],
  define: { __MAJORANA_PILOT_VERSION__: JSON.stringify(version) },
  legalComments: 'eof',
  logLevel: 'warning',
});

const { size } = await stat(outfile);
console.log(`pilot ${version} bundled: ${relative(process.cwd(), outfile)} (${(size / 1024).toFixed(1)} KiB)`);
