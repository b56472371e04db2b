import { MajoranaClientError } from './client.error.js';
import { scanInputSandbox } from './scan-input-sandbox.js';

/** Where the InputSandbox of a JDL is, and which of its entries are files on this machine. */
export interface SandboxPlan {
  /** Local names and patterns, in first-seen order, over every job the JDL makes (parametric ones included). */
  readonly localEntries: string[];
  /**
   * Rewrites the JDL with InputSandbox = { ref, the entries that are not local (SB:, LFN:) as written };
   * everything else is left byte for byte as the user wrote it. Null when nothing is local.
   */
  readonly rewrite: ((ref: string) => string) | null;
}

const REMOTE_PREFIX = /^(SB|LFN):/i;

/**
 * Finds the local InputSandbox entries of a JDL, as DIRAC's client does before it packs them into a
 * sandbox, uploads it and submits the JDL naming the sandbox instead. The plain case (a list of
 * names) is read by a small scanner; anything else (placeholders of a parametric JDL, expressions,
 * broken text) by the JDL library, loaded only then because its validation layer is slow to load —
 * it also validates the whole JDL here, so a bad one is refused with its file, line and column.
 * The server validates every JDL in any case.
 */
export async function planInputSandbox(jdl: string, fileName: string): Promise<SandboxPlan> {
  const scanned = scanInputSandbox(jdl);
  if (scanned === null) {
    return { localEntries: [], rewrite: null };
  }
  if (scanned !== 'unsure' && !scanned.entries.some((entry) => entry.text.includes('%'))) {
    const local = scanned.entries.filter((entry) => isLocal(entry.text.trim()));
    if (local.length === 0) {
      return { localEntries: [], rewrite: null };
    }
    const kept = scanned.entries.filter((entry) => !isLocal(entry.text.trim())).map((entry) => entry.source);
    return {
      localEntries: [...new Set(local.map((entry) => entry.text.trim()))],
      rewrite: (ref) =>
        `${jdl.slice(0, scanned.start)}${sandboxList(ref, kept, jdl.slice(scanned.start, scanned.end))}${jdl.slice(scanned.end)}`,
    };
  }
  return planWithParser(jdl, fileName);
}

async function planWithParser(jdl: string, fileName: string): Promise<SandboxPlan> {
  const { describeJobs, parseJdl, findAttribute, JdlError } = await import('@majorana/jdl');
  let jobs;
  try {
    jobs = describeJobs(jdl, { fileName });
  } catch (error) {
    if (error instanceof JdlError) {
      // The message is `FILE:LINE:COLUMN: reason`, as the server and `majorana jdl check` say it.
      throw new MajoranaClientError(0, error.message, error.toJSON(), 'invalid-jdl');
    }
    throw error;
  }
  const localEntries = [
    ...new Set(jobs.flatMap((job) => job.description.inputSandbox.map((entry) => entry.trim()).filter((entry) => isLocal(entry)))),
  ];
  const attribute = findAttribute(parseJdl(jdl, { fileName }).ad, 'InputSandbox');
  if (localEntries.length === 0 || attribute === undefined) {
    return { localEntries: [], rewrite: null };
  }
  const value = attribute.value;
  const items = value.kind === 'list' ? value.items : [value];
  // Remote entries are kept as the user wrote them (placeholders such as %s included).
  const kept = items
    .filter((item) => !(item.kind === 'literal' && item.type === 'string' && isLocal(item.value)))
    .map((item) => jdl.slice(item.loc.start, item.loc.end).trim());
  return {
    localEntries,
    rewrite: (ref) =>
      `${jdl.slice(0, value.loc.start)}${sandboxList(ref, kept, jdl.slice(value.loc.start, value.loc.end))}${jdl.slice(value.loc.end)}`,
  };
}

/** `{"SB:sha256:…", kept…}`, with as many line breaks as the value it replaces, so the server's line numbers still point at the user's lines. */
function sandboxList(ref: string, kept: readonly string[], replaced: string): string {
  return `{${[JSON.stringify(ref), ...kept].join(', ')}${'\n'.repeat(replaced.split('\n').length - 1)}}`;
}

function isLocal(entry: string): boolean {
  return entry !== '' && !REMOTE_PREFIX.test(entry);
}

/**
 * The server names the JDL of a one-JDL submission `jdl` in its errors; say the user's file instead
 * (`Job.jdl:4:13: …`), so the message points where they will look.
 */
export function renameJdlError(error: unknown, fileName: string): unknown {
  if (!(error instanceof MajoranaClientError) || error.code !== 'invalid-jdl' || !error.message.startsWith('jdl:')) {
    return error;
  }
  const details = error.details as Record<string, unknown>;
  return new MajoranaClientError(error.statusCode, `${fileName}${error.message.slice(3)}`, { ...details, file: fileName }, 'invalid-jdl');
}
