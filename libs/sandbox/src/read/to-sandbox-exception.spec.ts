import { describe, expect, it } from '@jest/globals';
import { SandboxException } from '../errors/sandbox.exception.js';
import { toSandboxException } from './to-sandbox-exception.js';

describe(toSandboxException.name, () => {
  it('keeps a SandboxException as it is', () => {
    const error = new SandboxException('unsafe-path', 'x');

    expect(toSandboxException(error)).toBe(error);
  });

  it.each([
    [Object.assign(new Error('TAR_SYMLINK_ERROR: Cannot extract through symbolic link'), { code: 'TAR_SYMLINK_ERROR' }), 'unsafe-link'],
    [new Error('max decompression ratio exceeded: 1030.20 > 1000'), 'too-large'],
    [Object.assign(new Error('unsupported entry type: FIFO'), { tarCode: 'TAR_ENTRY_UNSUPPORTED' }), 'unsupported-entry'],
    [Object.assign(new Error("path contains '..'"), { tarCode: 'TAR_ENTRY_ERROR' }), 'unsafe-path'],
    [Object.assign(new Error('linkpath escapes extraction directory'), { tarCode: 'TAR_ENTRY_ERROR' }), 'unsafe-link'],
    [Object.assign(new Error('TAR_BAD_ARCHIVE: Unrecognized archive format'), { tarCode: 'TAR_BAD_ARCHIVE' }), 'corrupt-archive'],
    [Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR', tarCode: 'TAR_ABORT' }), 'corrupt-archive'],
  ])('maps node-tar and zlib failures: %s', (error, code) => {
    expect(toSandboxException(error)).toMatchObject({ code });
  });

  it('lets file-system errors in the target through unchanged', () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device'), {
      code: 'ENOSPC',
      syscall: 'write',
      tarCode: 'TAR_ENTRY_ERROR',
    });

    expect(toSandboxException(error)).toBe(error);
  });
});
