/**
 * What Snakemake 7 writes on the second line of every jobscript (`# properties = {json}`, from its
 * jobscript template): the rule, Snakemake's own job id and the threads. `submit` falls back on them
 * when the cluster command line does not pass `--name` / `--threads`, so a bare
 * `majorana snakemake submit` still names its jobs usefully.
 */
export interface JobscriptProperties {
  /** `single` for one rule's job, `group` for a group job. */
  readonly type?: string;
  readonly rule?: string;
  /** An integer for a single job, a UUID for a group job. */
  readonly jobid?: string;
  readonly groupid?: string;
  readonly threads?: number;
}

const PROPERTIES_LINE = /^#\s*properties\s*=\s*(\{.*\})\s*$/m;

/** The properties a jobscript declares; none (an empty object) when it has no such line or it is not JSON. */
export function readJobscriptProperties(jobscriptText: string): JobscriptProperties {
  const json = PROPERTIES_LINE.exec(jobscriptText)?.[1];
  if (json === undefined) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return {};
  }
  const record = parsed as Record<string, unknown>;
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
  const threads = record['threads'];
  return {
    ...optional('type', text(record['type'])),
    ...optional('rule', text(record['rule'])),
    ...optional('jobid', text(record['jobid'])),
    ...optional('groupid', text(record['groupid'])),
    ...optional('threads', typeof threads === 'number' && Number.isInteger(threads) && threads > 0 ? threads : undefined),
  };
}

/** `simulate.3` for a rule's job, `group.<groupid>` for a group job; undefined when the jobscript says neither. */
export function defaultJobName(properties: JobscriptProperties): string | undefined {
  if (properties.type === 'group') {
    return properties.groupid === undefined ? undefined : `group.${properties.groupid}`;
  }
  if (properties.rule === undefined) {
    return undefined;
  }
  return properties.jobid === undefined ? properties.rule : `${properties.rule}.${properties.jobid}`;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
