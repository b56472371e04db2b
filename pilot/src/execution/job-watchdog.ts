import { type Clock } from './clock.js';
import { type ExecutionLogger } from './execution-logger.js';
import { type JobLimits, exceededLimit } from './job-limits.util.js';
import { cpuSecondsOf } from './proc-stat.util.js';
import { type ProcessTreeReader } from './process-tree.js';

export interface JobWatchdogOptions {
  leaderPid: number;
  /** When the payload started (ms since the epoch), for the wall-clock limit. */
  startedAtMs: number;
  limits: JobLimits;
  tree: ProcessTreeReader;
  clock: Clock;
  /** Time between two samples of the process tree. */
  intervalMs: number;
  /** Called once, with the minor status, when a limit is exceeded; the caller kills the job. */
  onExceeded: (minorStatus: string) => void;
  logger: ExecutionLogger;
  logFields: Record<string, number>;
}

/**
 * Samples one job's process tree every `intervalMs` and tells when it goes over a limit. CPU time is
 * the sum over the living tree of each process's own and reaped children's time, so the time of
 * children that already ended (counted in their parent's cutime/cstime) is included; it never goes
 * down between samples, even when a process re-parented to init ends and takes its time with it.
 * Memory is the sum of the tree's resident sets. No sample is taken before the first interval, so
 * short jobs cost no /proc scan at all.
 */
export class JobWatchdog {
  /** Every process ever seen in the tree (pid → starttime), for the killer to find setsid'd ones. */
  readonly known = new Map<number, number>();
  private cpuTimeS = 0;
  private memoryMiB = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private reported = false;

  constructor(private readonly options: JobWatchdogOptions) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** The last sampled CPU time and memory. */
  usage(): { cpuTimeS: number; memoryMiB: number } {
    return { cpuTimeS: this.cpuTimeS, memoryMiB: this.memoryMiB };
  }

  /** Reads the tree now, updates usage and checks the limits. */
  async sample(): Promise<void> {
    const members = await this.options.tree.read(this.options.leaderPid, this.known, true);
    let cpu = 0;
    let rssKiB = 0;
    for (const { stat, rssKiB: rss } of members) {
      this.known.set(stat.pid, stat.starttime);
      cpu += cpuSecondsOf(stat);
      rssKiB += rss;
    }
    this.cpuTimeS = Math.max(this.cpuTimeS, Math.round(cpu * 100) / 100);
    this.memoryMiB = Math.round(rssKiB / 1024);
    const wallTimeS = (this.options.clock.now() - this.options.startedAtMs) / 1000;
    const exceeded = exceededLimit({ cpuTimeS: this.cpuTimeS, memoryMiB: this.memoryMiB, wallTimeS }, this.options.limits);
    if (exceeded !== null && !this.reported && !this.stopped) {
      this.reported = true;
      this.options.logger.warn('job-limit-exceeded', {
        ...this.options.logFields,
        limit: exceeded,
        cpuTimeS: this.cpuTimeS,
        memoryMiB: this.memoryMiB,
        wallTimeS: Math.round(wallTimeS),
      });
      this.options.onExceeded(exceeded);
    }
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.sample().then(
        () => this.schedule(),
        (error: unknown) => {
          this.options.logger.warn('watchdog-sample-failed', { ...this.options.logFields, error: String(error) });
          this.schedule();
        },
      );
    }, this.options.intervalMs);
    // The payload's own handle keeps the pilot alive while the job runs; the watchdog must not.
    this.timer.unref();
  }
}
