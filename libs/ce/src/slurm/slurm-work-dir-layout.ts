import { posix } from 'node:path';

/**
 * Where things live in a Slurm CE's work directory on the submit host (paths are POSIX: the submit
 * host may be reached over SSH from any machine).
 *
 *     <workDir>/pilots.json           the pilot index (slurm-pilot-index.file.ts)
 *     <workDir>/pilots/<jobid>.out    the pilot's stdout and stderr, written by Slurm
 *     <workDir>/pilots/<jobid>.err
 *     <workDir>/pilots/<jobid>.exit   its exit code, written by its batch script when it ends
 *     <workDir>/pilots/<jobid>/       where the pilot runs (removed at its end if left empty)
 *     <workDir>/pilot-<sha>.js        a shipped pilot script (option shipPilotScript)
 */
export class SlurmWorkDirLayout {
  constructor(readonly workDir: string) {}

  get indexPath(): string {
    return posix.join(this.workDir, 'pilots.json');
  }

  get pilotsDir(): string {
    return posix.join(this.workDir, 'pilots');
  }

  /** For sbatch `--output`/`--error`: Slurm puts the job id in place of `%j`. */
  outputPattern(stream: 'out' | 'err'): string {
    return posix.join(this.pilotsDir, `%j.${stream}`);
  }

  outputPath(jobId: string, stream: 'out' | 'err'): string {
    return posix.join(this.pilotsDir, `${jobId}.${stream}`);
  }

  shippedScriptPath(contentHash: string): string {
    return posix.join(this.workDir, `pilot-${contentHash}.js`);
  }
}
