import { Type, type Static } from 'typebox';
import { MAX_JOBS_PER_FRAME, MAX_MESSAGE_LENGTH, MAX_PROCESSORS } from '../protocol-limits.js';
import {
  AttemptSchema,
  FencingTokenSchema,
  JobIdSchema,
  messageSchema,
  NameSchema,
  NonNegativeNumberSchema,
  ReasonSchema,
  ReplyToSchema,
} from './message-fields.js';
import {
  FINISHED_JOB_STATUSES,
  FreeResourcesSchema,
  GOODBYE_REASONS,
  JobUsageSchema,
  OutputSandboxRefSchema,
  PilotResourcesSchema,
  RunningJobSchema,
} from './pilot-payloads.schema.js';

// The messages a pilot sends; the README's "Pilot → server" table, row by row.

export const HelloMessageSchema = messageSchema('hello', "the pilot's first frame; answered by welcome or error", {
  pilotRef: NameSchema,
  ce: NameSchema,
  site: Type.String({ minLength: 1, maxLength: 128, pattern: '^\\S+$', description: 'a site name, without spaces' }),
  pilotVersion: Type.String({ minLength: 1, maxLength: 64 }),
  resources: PilotResourcesSchema,
  runningJobs: Type.Array(RunningJobSchema, {
    maxItems: MAX_JOBS_PER_FRAME,
    description: 'jobs the pilot still runs (after a reconnect)',
  }),
});
export type HelloMessage = Static<typeof HelloMessageSchema>;

export const RequestWorkMessageSchema = messageSchema(
  'request-work',
  'asks for one job; answered by exactly one job or no-work, possibly much later (the server parks it)',
  {
    freeSlots: Type.Integer({ minimum: 1, maximum: MAX_PROCESSORS }),
    resources: FreeResourcesSchema,
  },
);
export type RequestWorkMessage = Static<typeof RequestWorkMessageSchema>;

export const JobStartedMessageSchema = messageSchema('job-started', 'the job wrapper started the job; answered by ack', {
  jobId: JobIdSchema,
  attempt: AttemptSchema,
  fencingToken: FencingTokenSchema,
});
export type JobStartedMessage = Static<typeof JobStartedMessageSchema>;

export const HeartbeatMessageSchema = messageSchema(
  'heartbeat',
  'usage of the running jobs (none: a pilot-level heartbeat); answered by ack',
  {
    jobs: Type.Array(JobUsageSchema, { maxItems: MAX_JOBS_PER_FRAME }),
  },
);
export type HeartbeatMessage = Static<typeof HeartbeatMessageSchema>;

export const JobFinishedMessageSchema = messageSchema('job-finished', 'the job ended and its output sandbox is uploaded; answered by ack', {
  jobId: JobIdSchema,
  attempt: AttemptSchema,
  fencingToken: FencingTokenSchema,
  status: Type.Enum(FINISHED_JOB_STATUSES),
  minorStatus: ReasonSchema,
  applicationStatus: ReasonSchema,
  exitCode: Type.Union([Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 }), Type.Null()], {
    description: 'null when the job never ran or was killed by a signal',
  }),
  outputSandbox: Type.Union([OutputSandboxRefSchema, Type.Null()], { description: 'null when the job declared no output sandbox' }),
  cpuTimeS: NonNegativeNumberSchema,
  wallTimeS: NonNegativeNumberSchema,
});
export type JobFinishedMessage = Static<typeof JobFinishedMessageSchema>;

export const CancelRequestMessageSchema = messageSchema(
  'cancel-request',
  'withdraws a parked request-work; answered by no-work (cancelled) for it',
  { replyTo: ReplyToSchema },
);
export type CancelRequestMessage = Static<typeof CancelRequestMessageSchema>;

export const GoodbyeMessageSchema = messageSchema('goodbye', 'the pilot leaves; the server closes the connection', {
  reason: Type.Enum(GOODBYE_REASONS),
  message: Type.String({ maxLength: MAX_MESSAGE_LENGTH }),
});
export type GoodbyeMessage = Static<typeof GoodbyeMessageSchema>;

/** Every message a pilot may send, by `type`: the decoder picks the schema from this table. */
export const PILOT_MESSAGE_SCHEMAS = {
  hello: HelloMessageSchema,
  'request-work': RequestWorkMessageSchema,
  'job-started': JobStartedMessageSchema,
  heartbeat: HeartbeatMessageSchema,
  'job-finished': JobFinishedMessageSchema,
  'cancel-request': CancelRequestMessageSchema,
  goodbye: GoodbyeMessageSchema,
} as const;

export type PilotMessageType = keyof typeof PILOT_MESSAGE_SCHEMAS;
export const PILOT_MESSAGE_TYPES = Object.keys(PILOT_MESSAGE_SCHEMAS) as readonly PilotMessageType[];

/** The whole pilot side as one schema: a union discriminated by `type`. */
export const PilotMessageSchema = Type.Union(
  [
    HelloMessageSchema,
    RequestWorkMessageSchema,
    JobStartedMessageSchema,
    HeartbeatMessageSchema,
    JobFinishedMessageSchema,
    CancelRequestMessageSchema,
    GoodbyeMessageSchema,
  ],
  { description: 'a message from a pilot to the server' },
);

/** One message from a pilot; switch on `type` to narrow it. */
export type PilotMessage = Static<typeof PilotMessageSchema>;

/** The pilot message of one type, e.g. `PilotMessageOf<'hello'>`. */
export type PilotMessageOf<Name extends PilotMessageType> = Extract<PilotMessage, { type: Name }>;
