import { SandboxException } from '../errors/sandbox.exception.js';

/**
 * A stored sandbox is named by the sha256 of its bytes: identical sandboxes are stored once, and a
 * reference cannot point at content other than what was checked. DIRAC writes `SB:<SE>|<path>`;
 * ours keeps the `SB:` prefix so a JDL's InputSandbox reads the same, with the hash as the path.
 */
const PREFIX = 'SB:sha256:';
const SHA256 = /^[0-9a-f]{64}$/;
const REFERENCE = /^SB:sha256:([0-9a-fA-F]{64})$/i;

/** `"SB:sha256:<64 hex>"` for a sha256 given in hex (either case). */
export function sandboxRef(sha256: string): string {
  const hex = sha256.toLowerCase();
  if (!SHA256.test(hex)) {
    throw new SandboxException('invalid-reference', `Not a sha256 (64 hexadecimal digits): '${sha256}'`);
  }
  return PREFIX + hex;
}

/** The sha256 (lowercase hex) a sandbox reference names, or null when the text is not one. */
export function parseSandboxRef(text: string): string | null {
  const match = REFERENCE.exec(text.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}
