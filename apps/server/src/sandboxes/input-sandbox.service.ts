import { Injectable } from '@nestjs/common';
import { SandboxRepository } from '@majorana/db';
import { classifySandboxEntry, sandboxRef } from '@majorana/sandbox';
import { Clock } from '../common/clock.js';
import { SandboxApiErrorCode, SandboxApiException } from './sandbox-api.exception.js';

/** Which sandbox each job of one submission unpacks (null: none), for the owner who submitted them. */
export interface InputSandboxPlan {
  readonly owner: string;
  readonly sha256ByJob: readonly (string | null)[];
}

/** How many local names an error message quotes before saying "…". */
const QUOTED_NAMES = 5;

/**
 * The submission's view of input sandboxes (DIRAC's InputSandbox): each job unpacks at most one
 * uploaded sandbox (`SB:sha256:…`), which its owner must hold; local file names may be listed beside
 * it (they say what the sandbox holds, as DIRAC's client leaves them) but not without it, since the
 * server cannot fetch files from the submitter's machine; `LFN:` entries are kept for the data layer.
 * A whole submission costs one query, whatever its number of jobs (none when no job names a sandbox).
 */
@Injectable()
export class InputSandboxService {
  constructor(
    private readonly sandboxes: SandboxRepository,
    private readonly clock: Clock,
  ) {}

  /** Checks every job's InputSandbox before anything is stored; refuses the whole submission at the first problem. */
  async check(owner: string, inputSandboxes: readonly (readonly string[])[]): Promise<InputSandboxPlan> {
    // Parametric jobs share their InputSandbox: judge each distinct list once.
    const judged = new Map<string, string | null>();
    const sha256ByJob = inputSandboxes.map((entries) => {
      if (entries.length === 0) {
        return null;
      }
      const key = entries.join('\n');
      let sha256 = judged.get(key);
      if (sha256 === undefined) {
        sha256 = sandboxOf(entries);
        judged.set(key, sha256);
      }
      return sha256;
    });
    const named = [...new Set(sha256ByJob.filter((sha256): sha256 is string => sha256 !== null))];
    const missing = await this.sandboxes.markUsed(owner, named, this.clock.now());
    if (missing[0] !== undefined) {
      throw new SandboxApiException(
        SandboxApiErrorCode.UnknownReference,
        `input sandbox ${sandboxRef(missing[0])} is not yours or does not exist: upload it first with POST /api/sandboxes`,
        { refs: missing.map(sandboxRef) },
      );
    }
    return { owner, sha256ByJob };
  }

  /** Links the freshly stored jobs (ids in the order of the plan) to their input sandboxes. */
  async link(plan: InputSandboxPlan, jobIds: readonly number[]): Promise<void> {
    const links = jobIds.flatMap((jobId, index) => {
      const sha256 = plan.sha256ByJob[index];
      return sha256 ? [{ jobId, owner: plan.owner, sha256 }] : [];
    });
    await this.sandboxes.linkInputs(links, this.clock.now());
  }
}

/** The one sandbox an InputSandbox names, or null; refuses local names without one and two sandboxes. */
function sandboxOf(entries: readonly string[]): string | null {
  const sandboxes = new Set<string>();
  const local: string[] = [];
  for (const entry of entries) {
    const kind = classifySandboxEntry(entry);
    switch (kind.kind) {
      case 'sandbox':
        sandboxes.add(kind.sha256);
        break;
      case 'local':
        local.push(kind.path);
        break;
      case 'lfn':
        break; // kept in the JDL for the data layer
    }
  }
  if (sandboxes.size > 1) {
    throw new SandboxApiException(
      SandboxApiErrorCode.TooManyReferences,
      `InputSandbox names ${sandboxes.size} sandboxes (${[...sandboxes].map(sandboxRef).join(', ')}); a job unpacks exactly one: ` +
        'pack all its input files into one archive and upload that',
    );
  }
  const [sha256] = sandboxes;
  if (sha256 === undefined && local.length > 0) {
    const names = local.slice(0, QUOTED_NAMES).join(', ') + (local.length > QUOTED_NAMES ? ', …' : '');
    throw new SandboxApiException(
      SandboxApiErrorCode.LocalFilesNotUploaded,
      `InputSandbox lists local files (${names}) but no uploaded sandbox: the server cannot read your disk. ` +
        "Pack them into a tar.gz, upload it with POST /api/sandboxes (the TS client's uploadFiles does both) " +
        'and add the SB:sha256:… reference it answers to InputSandbox',
      { files: local },
    );
  }
  return sha256 ?? null;
}
