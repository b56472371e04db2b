/** What `majorana snakemake submit` knows about the job it wraps around a Snakemake jobscript. */
export interface JobscriptJob {
  /** Absolute path of the jobscript: the pilot runs it in place, on the filesystem it shares with Snakemake. */
  readonly jobscript: string;
  /** The jobscript's first line; its `#!` names the interpreter. @default `/bin/sh` when it has none */
  readonly firstLine?: string;
  /** JobName, e.g. `simulate.3`. */
  readonly name?: string;
  /** NumberOfProcessors: the rule's threads. */
  readonly processors?: number;
  /** JobGroup, to select a workflow's jobs later (`dirac-wms-select-jobs --JobGroup=`). */
  readonly jobGroup?: string;
  /** CPUTime in seconds (the JDL's range, 100–500000). @default the server's */
  readonly cpuTime?: number;
}

/**
 * The job's own stdout and stderr, kept in its output sandbox: Snakemake's log of the rule goes
 * there (`majorana job output ID`, `dirac-wms-job-get-output ID`).
 */
export const JOBSCRIPT_STDOUT = 'snakemake.out';
export const JOBSCRIPT_STDERR = 'snakemake.err';

const DEFAULT_INTERPRETER = '/bin/sh';

/**
 * The JDL of a job that runs `job.jobscript` where it lies. The jobscript `cd`s into the workflow's
 * folder itself (Snakemake's generic cluster mode writes `cd '<workdir>' && python -m snakemake …`),
 * so nothing is staged: this only works where the pilot sees the same filesystem as Snakemake.
 *
 * The pilot runs Executable with Arguments split like a shell would, without a shell, so the path is
 * single-quoted (spaces and quotes in folder names survive) and the interpreter comes from the
 * jobscript's `#!` line rather than from its execute bit.
 */
export function buildJobscriptJdl(job: JobscriptJob): string {
  const [executable = DEFAULT_INTERPRETER, ...interpreterArgs] = interpreterOf(job.firstLine ?? '');
  const attributes: [string, string][] = [];
  if (job.name !== undefined) {
    attributes.push(['JobName', jdlString(job.name)]);
  }
  attributes.push(['Executable', jdlString(executable)]);
  attributes.push(['Arguments', jdlString([...interpreterArgs, job.jobscript].map(shellWord).join(' '))]);
  if (job.processors !== undefined) {
    attributes.push(['NumberOfProcessors', String(job.processors)]);
  }
  if (job.cpuTime !== undefined) {
    attributes.push(['CPUTime', String(job.cpuTime)]);
  }
  if (job.jobGroup !== undefined) {
    attributes.push(['JobGroup', jdlString(job.jobGroup)]);
  }
  attributes.push(['StdOutput', jdlString(JOBSCRIPT_STDOUT)]);
  attributes.push(['StdError', jdlString(JOBSCRIPT_STDERR)]);
  attributes.push(['OutputSandbox', `{ ${jdlString(JOBSCRIPT_STDOUT)}, ${jdlString(JOBSCRIPT_STDERR)} }`]);
  return `[\n${attributes.map(([name, value]) => `    ${name} = ${value};\n`).join('')}]\n`;
}

/**
 * The interpreter a `#!` line names, as program and arguments (`#!/usr/bin/env bash` →
 * `["/usr/bin/env", "bash"]`); `/bin/sh` when the line is no `#!` line, as a shell would run it.
 */
export function interpreterOf(firstLine: string): string[] {
  if (!firstLine.startsWith('#!')) {
    return [DEFAULT_INTERPRETER];
  }
  const words = firstLine.slice(2).trim().split(/\s+/).filter(Boolean);
  return words.length === 0 ? [DEFAULT_INTERPRETER] : words;
}

/** `word` as one POSIX shell word: bare when it is plainly safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A JDL string literal: double-quoted, with `"`, `\` and control characters escaped as the grammar reads them back. */
export function jdlString(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return `"${value.replace(/["\\\u0000-\u001f\u007f]/g, escapeCharacter)}"`;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function escapeCharacter(ch: string): string {
  // Always three octal digits, so a digit that follows cannot extend the escape.
  return NAMED_ESCAPES[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`;
}
