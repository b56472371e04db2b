import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, posix } from 'node:path';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import type { CommandRunner } from '../shell/command-runner.js';
import { PREPARE_WORK_DIR_SCRIPT } from './ssh-pilot-scripts.js';

/**
 * The name a shipped script gets in the remote work directory: its own name with a digest of its
 * content, so a rebuilt pilot is shipped anew while running pilots keep the file they started from.
 * The extension stays: node decides between ESM and CommonJS by it (`.mjs`, `.cjs`).
 */
export function shippedScriptName(localPath: string, sha256Hex: string): string {
  const extension = extname(localPath);
  const stem = basename(localPath, extension).replace(/[^A-Za-z0-9._-]/g, '_') || 'pilot';
  return `${stem}-${sha256Hex.slice(0, 16)}${extension.replace(/[^A-Za-z0-9.]/g, '_')}`;
}

/**
 * Copies the bundled pilot to the remote host once per content (DIRAC's SSH CE ships its pilot
 * wrapper the same way), and knows what it shipped: later submissions of the same file cost no copy.
 */
export class PilotShipper {
  /** Content digest → remote path, for what this instance saw in place. */
  private readonly shipped = new Map<string, string>();

  constructor(
    private readonly runner: CommandRunner,
    private readonly remoteWorkDir: string,
  ) {}

  /** The remote path of `localPath`'s current content, copying it there first when it is missing. */
  async ship(localPath: string): Promise<string> {
    let content: Buffer;
    try {
      content = await readFile(localPath);
    } catch (error) {
      throw new CeException(
        CeErrorCode.SubmitFailed,
        `The pilot script ${localPath} cannot be read (${String(error)}); build the pilot or fix its path.`,
        { script: localPath },
      );
    }
    const digest = createHash('sha256').update(content).digest('hex');
    const known = this.shipped.get(digest);
    if (known !== undefined) {
      return known;
    }
    const remotePath = posix.join(this.remoteWorkDir, shippedScriptName(localPath, digest));
    const prepared = await this.runner.run(['sh', '-c', PREPARE_WORK_DIR_SCRIPT, 'majorana-prepare', this.remoteWorkDir, remotePath]);
    if (prepared.exitCode !== 0) {
      throw new CeException(
        CeErrorCode.SubmitFailed,
        `Cannot create the work directory ${this.remoteWorkDir} on ${this.runner.description}: ${prepared.stderr.trim()}. ` +
          'Fix remoteWorkDir or the remote user’s rights there.',
        { remoteWorkDir: this.remoteWorkDir },
      );
    }
    if (prepared.stdout.trim() !== 'present') {
      await this.runner.copyFile(localPath, remotePath);
    }
    this.shipped.set(digest, remotePath);
    return remotePath;
  }
}
