export interface SandboxDownloadRequest {
  url: string;
  /** The job attempt's bearer token. */
  token: string;
  /** An existing, empty directory to extract into. */
  targetDir: string;
  signal?: AbortSignal;
}

export interface SandboxUploadRequest {
  url: string;
  token: string;
  /** Directory the patterns are relative to. */
  cwd: string;
  /** File names or patterns (`*.root`); patterns matching nothing are skipped. */
  files: string[];
  signal?: AbortSignal;
}

export interface UploadedSandbox {
  sha256: string;
  bytes: number;
}

/**
 * Moves a job's sandboxes between its working directory and the server, streamed (never whole in
 * memory). Both methods reject with an `ExecutionError` ('sandbox-download-failed' /
 * 'sandbox-upload-failed') whose message says what went wrong.
 */
export interface SandboxTransfer {
  download(request: SandboxDownloadRequest): Promise<void>;
  /** Resolves null, without any request, when no file matches: there is nothing to send. */
  upload(request: SandboxUploadRequest): Promise<UploadedSandbox | null>;
}
