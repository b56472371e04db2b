import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh temporary directory laid out as `root/deep/target/` (to extract into) and `root/outside/`
 * (empty). An entry escaping with one or two `..` lands in `deep/` or `root/`; one naming `outside/`
 * by an absolute path or a link lands there. {@link SandboxDirs.escaped} lists whatever did.
 */
export interface SandboxDirs {
  root: string;
  target: string;
  outside: string;
  /** Anything in `root`, `deep` or `outside` that the layout did not put there: empty unless something escaped. */
  escaped(): Promise<string[]>;
  remove(): Promise<void>;
}

export async function sandboxDirs(): Promise<SandboxDirs> {
  const root = await mkdtemp(join(tmpdir(), 'majorana-sandbox-'));
  const target = join(root, 'deep', 'target');
  const outside = join(root, 'outside');
  await mkdir(target, { recursive: true });
  await mkdir(outside);
  return {
    root,
    target,
    outside,
    async escaped() {
      const inRoot = (await readdir(root)).filter((name) => name !== 'deep' && name !== 'outside');
      const inDeep = (await readdir(join(root, 'deep'))).filter((name) => name !== 'target').map((name) => `deep/${name}`);
      const inOutside = (await readdir(outside)).map((name) => `outside/${name}`);
      return [...inRoot, ...inDeep, ...inOutside];
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
