/** How to start a payload. */
export interface LaunchSpec {
  /** Absolute path of the program. */
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Files receiving the payload's stdout and stderr (created or truncated); may be the same file. */
  stdoutPath: string;
  stderrPath: string;
}

export interface ProcessExit {
  /** The exit status; null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchedProcess {
  pid: number;
  /** Settles when the process has ended and been reaped; never rejects. */
  exit: Promise<ProcessExit>;
}

/**
 * Starts payload processes. The real one spawns them in their own process group (detached), with
 * stdin from /dev/null and stdout/stderr written straight into files by the kernel; it rejects with an
 * `ExecutionError` ('executable-not-runnable') when the program cannot be executed.
 */
export interface ProcessLauncher {
  launch(spec: LaunchSpec): Promise<LaunchedProcess>;
}
