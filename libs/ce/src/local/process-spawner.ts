/** One process to start, with its output going to files rather than pipes (so it survives our restart). */
export interface SpawnRequest {
  readonly executable: string;
  readonly args: readonly string[];
  /** The complete environment of the new process: nothing is inherited implicitly. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Appended to, created if missing. */
  readonly stdoutPath: string;
  readonly stderrPath: string;
}

export interface ProcessExit {
  /** The exit code, or null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnedProcess {
  /** Also the id of the process group it leads. */
  readonly pid: number;
  /** Settles once the process has exited (never rejects). */
  readonly exit: Promise<ProcessExit>;
}

/**
 * Starting and signalling processes: the Local driver's only contact with the OS process table, so a
 * test or another platform can swap it. The real one is {@link ChildProcessSpawner}.
 */
export interface ProcessSpawner {
  /**
   * Starts the process as the leader of a new process group (and session), so that one signal to the
   * group reaches everything it starts. Resolves once it runs; rejects if it could not start (a
   * missing executable, no permission, no more processes).
   */
  spawn(request: SpawnRequest): Promise<SpawnedProcess>;
  /** Sends `signal` to every process of the group; false when the group no longer exists. */
  signalGroup(groupId: number, signal: NodeJS.Signals): boolean;
  /** Whether a process with this pid exists (ours or not) and has not exited (a zombie has). */
  isAlive(pid: number): boolean;
}
