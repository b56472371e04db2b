// The benchmark's Slurm is the tests' one-node Slurm (test/infra/slurm/one-node-slurm.ts), not a copy
// of it: that file is TypeScript and the root build does not compile test/, so it is transpiled here
// with esbuild (already a dev dependency, it bundles the pilot) into a temporary module and imported.
// It imports only node: built-ins, so transpiling the one file is enough.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';

const ONE_NODE_SLURM = join(import.meta.dirname, '..', '..', 'test', 'infra', 'slurm', 'one-node-slurm.ts');

/** `{ startOneNodeSlurm, oneNodeSlurmUnavailable }` of test/infra/slurm/one-node-slurm.ts. */
export async function loadOneNodeSlurm() {
  const { code } = await transform(await readFile(ONE_NODE_SLURM, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcefile: ONE_NODE_SLURM,
  });
  const dir = await mkdtemp(join(tmpdir(), 'majorana-bench-infra-'));
  try {
    const file = join(dir, 'one-node-slurm.mjs');
    await writeFile(file, code);
    return await import(pathToFileURL(file).href);
  } finally {
    // Imported modules stay in memory: the file is not needed once loaded.
    await rm(dir, { recursive: true, force: true });
  }
}
