import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret that signs bearer tokens: 32 random bytes in $MAJORANA_HOME/token.secret (mode 0600),
 * made on first start. Every replica of one installation must share it (put the same file in each).
 */
export function loadOrCreateTokenSecret(home: string): Uint8Array {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, 'token.secret');
  createAtomically(path, `${randomBytes(32).toString('hex')}\n`);
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/.test(hex)) {
    throw new Error(`${path} must hold at least 32 bytes as hex; delete it to have a new one made (tokens issued so far stop working)`);
  }
  chmodSync(path, 0o600);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/**
 * Creates `path` with `content` unless it exists, so that replicas starting together on one home
 * agree on one secret: the content is written to a private file first and then linked into place,
 * which either succeeds whole or fails with EEXIST (another replica won) — never a half-written file.
 */
function createAtomically(path: string, content: string): void {
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  } finally {
    unlinkSync(draft);
  }
}
