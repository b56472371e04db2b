import { SandboxException } from '../errors/sandbox.exception.js';

interface NodeTarError extends Error {
  code?: unknown;
  tarCode?: unknown;
  syscall?: unknown;
}

/**
 * node-tar's own refusals and zlib's complaints, as {@link SandboxException}s. Our guard refuses
 * unsafe entries before node-tar sees them, so these are its second line: a damaged archive, or a
 * check of its own that is stricter than ours. File-system errors in the target (a full disk,
 * permissions) are not the archive's fault and pass through unchanged.
 */
export function toSandboxException(error: unknown): Error {
  if (error instanceof SandboxException) {
    return error;
  }
  if (!(error instanceof Error)) {
    return corrupt(String(error));
  }
  const failure = error as NodeTarError;
  if (failure.name === 'SymlinkError' || failure.code === 'TAR_SYMLINK_ERROR') {
    return new SandboxException('unsafe-link', `Sandbox entry would be written through a symbolic link (${describePath(failure)})`);
  }
  if (/decompression ratio/.test(failure.message)) {
    return new SandboxException(
      'too-large',
      `Sandbox expands more than a thousandfold when decompressed (${failure.message}); it may be a zip bomb`,
    );
  }
  if (failure.tarCode === 'TAR_ENTRY_UNSUPPORTED') {
    return new SandboxException('unsupported-entry', `Sandbox holds an entry a sandbox may not hold (${failure.message})`);
  }
  if (failure.tarCode === 'TAR_ENTRY_ERROR' && typeof failure.syscall !== 'string') {
    return new SandboxException(
      /linkpath/.test(failure.message) ? 'unsafe-link' : 'unsafe-path',
      `Sandbox entry refused: ${failure.message}`,
    );
  }
  if (typeof failure.syscall === 'string') {
    return failure;
  }
  return corrupt(failure.message);
}

function corrupt(reason: string): SandboxException {
  return new SandboxException(
    'corrupt-archive',
    `Sandbox is not a complete gzip-compressed tar archive (${reason}); pack it again and re-upload it`,
  );
}

function describePath(error: NodeTarError): string {
  const path = (error as { path?: unknown }).path;
  return typeof path === 'string' ? path : error.message;
}
