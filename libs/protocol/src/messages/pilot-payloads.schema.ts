import { Type, type Static } from 'typebox';
import { MAX_PROCESSORS, MAX_STDOUT_TAIL_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from '../protocol-limits.js';
import { AttemptSchema, FencingTokenSchema, JobIdSchema, NonNegativeIntegerSchema, NonNegativeNumberSchema } from './message-fields.js';

// The structured parts of the pilot's messages.

const ProcessorsSchema = Type.Integer({ minimum: 1, maximum: MAX_PROCESSORS });

const TagsSchema = Type.Array(Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH }), {
  maxItems: MAX_TAGS,
  description: 'resource tags (e.g. GPU, WholeNode) a job may require',
});

/** What the pilot's slot offers as a whole, told once in `hello`. */
export const PilotResourcesSchema = Type.Object(
  {
    processors: ProcessorsSchema,
    memoryMiB: NonNegativeIntegerSchema,
    diskMiB: NonNegativeIntegerSchema,
    timeLeftS: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'wall-clock seconds the slot has left' }),
    platform: Type.String({ maxLength: 128, description: 'e.g. x86_64-el9; empty when unknown' }),
    tags: TagsSchema,
    slots: Type.Integer({ minimum: 1, maximum: MAX_PROCESSORS, description: 'how many jobs the pilot may run at once' }),
    cpuNormalization: Type.Optional(
      Type.Number({
        minimum: 0.001,
        maximum: 1_000_000,
        description:
          "DIRAC's CPU normalisation factor: HS06 per core; a job's CPUTime (HS06·s) divided by it is its CPU seconds here (1 when absent)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type PilotResources = Static<typeof PilotResourcesSchema>;

/** The part of the slot that is free when the pilot asks for work: a matched job must fit in it. */
export const FreeResourcesSchema = Type.Object(
  {
    processors: ProcessorsSchema,
    memoryMiB: NonNegativeIntegerSchema,
    timeLeftS: NonNegativeIntegerSchema,
    tags: TagsSchema,
  },
  { additionalProperties: false },
);
export type FreeResources = Static<typeof FreeResourcesSchema>;

/** The fields that name one attempt of a job; every report about a job carries them. */
const attemptFields = {
  jobId: JobIdSchema,
  attempt: AttemptSchema,
  fencingToken: FencingTokenSchema,
};

/** A job the pilot runs, told in `hello` after a reconnect so the server knows it is still alive. */
export const RunningJobSchema = Type.Object(attemptFields, { additionalProperties: false });
export type RunningJob = Static<typeof RunningJobSchema>;

/** What a heartbeat says about one running job. */
export const JobUsageSchema = Type.Object(
  {
    ...attemptFields,
    cpuTimeS: NonNegativeNumberSchema,
    wallTimeS: NonNegativeNumberSchema,
    memoryMiB: NonNegativeNumberSchema,
    stdoutTail: Type.String({ maxLength: MAX_STDOUT_TAIL_LENGTH, description: "the end of the job's stdout so far" }),
  },
  { additionalProperties: false },
);
export type JobUsage = Static<typeof JobUsageSchema>;

/** The output sandbox a finished job uploaded over HTTP before reporting. */
export const OutputSandboxRefSchema = Type.Object(
  {
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'lower-case hex sha256 of the uploaded archive' }),
    bytes: NonNegativeIntegerSchema,
  },
  { additionalProperties: false },
);
export type OutputSandboxRef = Static<typeof OutputSandboxRefSchema>;

/** The final states a pilot may report; Done and Failed as DIRAC's job wrapper reports them. */
export const FINISHED_JOB_STATUSES = ['Done', 'Failed'] as const;
export type FinishedJobStatus = (typeof FINISHED_JOB_STATUSES)[number];

/** Why a pilot says goodbye; `drained` answers the server's `drain`. */
export const GOODBYE_REASONS = ['idle', 'drained', 'time-left', 'signal', 'error', 'done'] as const;
export type GoodbyeReason = (typeof GOODBYE_REASONS)[number];
