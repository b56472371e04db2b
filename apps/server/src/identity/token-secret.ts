import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret that signs bearer tokens: 32 random bytes in $MAJORANA_HOME/token.secret (mode 0600),
 * made on first start. Every replica of one installation must share it (put the same file in each).
 */
export function loadOrCreateTokenSecret(home: string): Uint8Array {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, 'token.secret');
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/.test(hex)) {
    throw new Error(`${path} must hold at least 32 bytes as hex; delete it to have a new one made (tokens issued so far stop working)`);
  }
  chmodSync(path, 0o600);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
