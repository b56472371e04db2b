import { SandboxException } from '../errors/sandbox.exception.js';
import { parseSandboxRef } from './sandbox-ref.js';

/** What one InputSandbox entry of a JDL asks for. */
export type SandboxEntryKind =
  /** A sandbox already stored on the server (`SB:sha256:<hex>`). */
  | { kind: 'sandbox'; sha256: string }
  /** A file in the file catalogue (`LFN:/vo/user/...`), fetched by the job from a storage element. */
  | { kind: 'lfn'; lfn: string }
  /** A file or pattern on the submitter's machine, to be packed into a sandbox at submission. */
  | { kind: 'local'; path: string };

const SANDBOX_PREFIX = /^SB:/i;
const LFN_PREFIX = /^LFN:/i;

/**
 * Sort an InputSandbox entry as DIRAC does: `SB:` and `LFN:` prefixes in any case (DIRAC compares
 * them lower-cased), anything else is a local name. An `SB:` entry that is not one of our references
 * is refused rather than taken for a local file named `SB:...`, which would only fail later and
 * more obscurely.
 */
export function classifySandboxEntry(entry: string): SandboxEntryKind {
  const text = entry.trim();
  if (text === '') {
    throw new SandboxException('invalid-reference', 'An InputSandbox entry is empty; remove it from the list');
  }
  if (SANDBOX_PREFIX.test(text)) {
    const sha256 = parseSandboxRef(text);
    if (sha256 === null) {
      throw new SandboxException(
        'invalid-reference',
        `'${text}' is not a sandbox reference; expected SB:sha256: followed by 64 hexadecimal digits`,
        { entry: text },
      );
    }
    return { kind: 'sandbox', sha256 };
  }
  if (LFN_PREFIX.test(text)) {
    const lfn = text.slice('LFN:'.length).trim();
    if (!lfn.startsWith('/')) {
      throw new SandboxException('invalid-reference', `'${text}' is not a logical file name; an LFN is absolute, as in LFN:/vo/user/file`, {
        entry: text,
      });
    }
    return { kind: 'lfn', lfn };
  }
  return { kind: 'local', path: text };
}
