/**
 * Limits applied while a sandbox streams past. The server reads its own values from configuration
 * (`MAJORANA_MAX_SANDBOX_BYTES`, ...) and passes them in; these defaults are for callers that have
 * none, such as the pilot reading a sandbox the server has already accepted.
 */
export interface SandboxLimits {
  /**
   * Largest archive, in compressed bytes as stored and sent.
   * @default 10 MiB — DIRAC's default sandbox limit; bigger data belongs on a storage element.
   */
  maxBytes: number;
  /**
   * Most entries (files, directories and links) in one archive; guards against inode exhaustion.
   * @default 10_000
   */
  maxEntries: number;
  /**
   * Most bytes the entries add up to once unpacked; guards against zip bombs, which compress
   * a gigabyte of zeros into about a megabyte.
   * @default 1 GiB
   */
  maxUnpackedBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 10_000,
  maxUnpackedBytes: 1024 * 1024 * 1024,
});

/** The limits with the caller's values over the defaults. */
export function sandboxLimits(overrides: Partial<SandboxLimits>): SandboxLimits {
  return {
    maxBytes: overrides.maxBytes ?? DEFAULT_SANDBOX_LIMITS.maxBytes,
    maxEntries: overrides.maxEntries ?? DEFAULT_SANDBOX_LIMITS.maxEntries,
    maxUnpackedBytes: overrides.maxUnpackedBytes ?? DEFAULT_SANDBOX_LIMITS.maxUnpackedBytes,
  };
}
