import { type KnownProcesses, type ProcessTreeReader } from './process-tree.js';

/** Sends a signal to a pid, or to a process group when given `-pgid`; never throws for a process already gone. */
export type Signaller = (pid: number, signal: NodeJS.Signals) => void;

export const processSignaller: Signaller = (pid, signal) => {
  try {
    process.kill(pid, signal);
  } catch (error) {
    // ESRCH: gone already. EPERM: a setuid program (or a pid re-used by someone else); not ours to kill.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') {
      throw error;
    }
  }
};

export interface ProcessTreeKillerOptions {
  tree: ProcessTreeReader;
  signal?: Signaller;
  /** How long processes get between SIGTERM and SIGKILL. @default 1000 */
  graceMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** SIGKILL rounds after the grace: a process forking while it is being killed may leave a fresh child behind. */
const KILL_ROUNDS = 3;

/** How often the grace checks whether the signalled processes are gone, to end it early. */
const GRACE_POLL_MS = 50;

/**
 * Ends a job's whole process tree: SIGTERM to the process group and to every process of the tree
 * (including those that left the group with setsid), then SIGKILL to all that remain after the grace.
 * With the default grace of 1 s everything is gone well within 2 s, even processes ignoring SIGTERM.
 */
export class ProcessTreeKiller {
  private readonly signal: Signaller;
  private readonly graceMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ProcessTreeKillerOptions) {
    this.signal = options.signal ?? processSignaller;
    this.graceMs = options.graceMs ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * `known` (pid → starttime) is extended with every process found, so that processes whose parent
   * dies of the SIGTERM are still found for the SIGKILL. Resolves once the SIGKILLs are sent.
   */
  async terminate(leaderPid: number, known: Map<number, number>): Promise<void> {
    // Read the tree before signalling: once the leader dies, its children are re-parented away.
    const members = await this.options.tree.read(leaderPid, known, false);
    this.signal(-leaderPid, 'SIGTERM');
    const signalled = new Map<number, number>();
    for (const { stat } of members) {
      known.set(stat.pid, stat.starttime);
      signalled.set(stat.pid, stat.starttime);
      this.signal(stat.pid, 'SIGTERM');
    }
    await this.graceFor(signalled);
    for (let round = 0; round < KILL_ROUNDS; round += 1) {
      this.signal(-leaderPid, 'SIGKILL');
      const alive = (await this.options.tree.read(leaderPid, known, false)).filter(({ stat }) => stat.state !== 'Z');
      if (alive.length === 0) {
        return;
      }
      for (const { stat } of alive) {
        known.set(stat.pid, stat.starttime);
        this.signal(stat.pid, 'SIGKILL');
      }
    }
  }

  /** Waits out the grace, or less once every signalled process has ended (most jobs die of SIGTERM at once). */
  private async graceFor(signalled: KnownProcesses): Promise<void> {
    for (let waited = 0; waited < this.graceMs; waited += GRACE_POLL_MS) {
      await this.sleep(Math.min(GRACE_POLL_MS, this.graceMs - waited));
      if ((await this.options.tree.stillRunning(signalled)).length === 0) {
        return;
      }
    }
  }

  /**
   * After the leader exited on its own: SIGKILL whatever it left behind in its group, and the known
   * processes of its tree, so that no job keeps a slot busy after it is reported finished. Leaves the
   * /proc scan out when nothing is known (the short-job path: one system call).
   */
  async killLeftovers(leaderPid: number, known: KnownProcesses): Promise<void> {
    this.signal(-leaderPid, 'SIGKILL');
    if (known.size === 0) {
      return;
    }
    for (const { stat } of await this.options.tree.read(leaderPid, known, false)) {
      this.signal(stat.pid, 'SIGKILL');
    }
  }
}
