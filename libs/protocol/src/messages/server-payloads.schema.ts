import { Type, type Static } from 'typebox';
import { MAX_PROCESSORS } from '../protocol-limits.js';

// The structured parts of the server's messages.

/** A path or file name inside the job's working directory, as the JDL gives it. */
function jobPath(description: string) {
  return Type.String({ maxLength: 1024, description });
}

/**
 * What to run, read by the server from the JDL so that the pilot needs no JDL parser. The pilot runs
 * the program itself, never through a shell, so `arguments` cannot turn into shell code.
 */
export const JobSpecSchema = Type.Object(
  {
    executable: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: 'a file of the input sandbox, a path, a command on PATH, or a whole command line',
    }),
    arguments: Type.String({ maxLength: 32 * 1024, description: 'split into words like a POSIX shell does, never expanded' }),
    stdOutput: jobPath("file receiving the payload's stdout (std.out when empty)"),
    stdError: jobPath("file receiving the payload's stderr (std.err when empty; may equal stdOutput)"),
    outputSandbox: Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), {
      maxItems: 1024,
      description: 'patterns of the files to return, relative to the working directory',
    }),
    environment: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String({ maxLength: 32 * 1024 }), {
      maxProperties: 1024,
      additionalProperties: false,
      description: "the JDL's ExecutionEnvironment, NAME: value",
    }),
    processors: Type.Integer({ minimum: 1, maximum: MAX_PROCESSORS, description: 'slots the job is given' }),
    maxRamMiB: Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()], {
      description: 'the memory the job may use; null when the JDL sets none',
    }),
  },
  { additionalProperties: false },
);
export type JobSpec = Static<typeof JobSpecSchema>;
