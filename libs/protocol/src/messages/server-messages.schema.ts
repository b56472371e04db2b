import { Type, type Static } from 'typebox';
import { PROTOCOL_ERROR_CODES } from '../protocol-error-code.js';
import { MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH } from '../protocol-limits.js';
import { JobSpecSchema } from './server-payloads.schema.js';
import {
  AttemptSchema,
  FencingTokenSchema,
  JobIdSchema,
  messageSchema,
  NameSchema,
  ReasonSchema,
  ReplyToSchema,
} from './message-fields.js';

// The messages the server sends; the README's "Server → pilot" table, row by row.

/** Why a `request-work` got no job. */
export const NO_WORK_REASONS = ['no-match', 'draining', 'cancelled', 'too-little-time'] as const;
export type NoWorkReason = (typeof NO_WORK_REASONS)[number];

/** What the server did with a report. */
export const ACK_OUTCOMES = ['accepted', 'refused'] as const;
export type AckOutcome = (typeof ACK_OUTCOMES)[number];

/**
 * The refusal reason for a report about an attempt that is not the job's current one (or a wrong
 * token, or a job not matched to this pilot): the pilot kills that job, someone else has it now.
 */
export const STALE_ATTEMPT = 'stale-attempt';

const UrlSchema = Type.String({ minLength: 1, maxLength: 2048 });
const SecondsLimitSchema = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const WelcomeMessageSchema = messageSchema('welcome', 'answers hello: the server recorded the pilot', {
  replyTo: ReplyToSchema,
  pilotRef: NameSchema,
  heartbeatIntervalS: Type.Integer({ minimum: 1, maximum: 3600, description: 'seconds between heartbeats (default 30)' }),
  serverTime: Type.String({ format: 'date-time', maxLength: 64, description: 'ISO 8601, to let the pilot see clock skew' }),
});
export type WelcomeMessage = Static<typeof WelcomeMessageSchema>;

export const JobMessageSchema = messageSchema('job', 'answers request-work with a matched job (attempt n)', {
  replyTo: ReplyToSchema,
  jobId: JobIdSchema,
  attempt: AttemptSchema,
  fencingToken: FencingTokenSchema,
  jdl: Type.String({ minLength: 1, maxLength: 128 * 1024, description: "the job's current JDL text, for the record" }),
  spec: JobSpecSchema,
  owner: NameSchema,
  ownerGroup: NameSchema,
  inputSandboxUrl: Type.Union([UrlSchema, Type.Null()], { description: 'null when the job has no input sandbox' }),
  outputSandboxUrl: UrlSchema,
  jobToken: Type.String({
    minLength: 1,
    maxLength: 8192,
    description: "bearer token valid only for this attempt's sandbox transfers",
  }),
  cpuTimeLimitS: Type.Union([SecondsLimitSchema, Type.Null()], { description: 'null when the job sets no CPU limit' }),
  wallTimeLimitS: SecondsLimitSchema,
});
export type JobMessage = Static<typeof JobMessageSchema>;

export const NoWorkMessageSchema = messageSchema('no-work', 'answers request-work (or cancel-request) without a job', {
  replyTo: ReplyToSchema,
  reason: Type.Enum(NO_WORK_REASONS),
  retryAfterS: Type.Integer({ minimum: 0, maximum: 86_400, description: 'seconds to wait before asking again' }),
});
export type NoWorkMessage = Static<typeof NoWorkMessageSchema>;

export const KillMessageSchema = messageSchema('kill', 'kill this attempt of a job now', {
  jobId: JobIdSchema,
  attempt: AttemptSchema,
  reason: ReasonSchema,
});
export type KillMessage = Static<typeof KillMessageSchema>;

export const DrainMessageSchema = messageSchema('drain', 'finish the running jobs, ask for no more, then say goodbye drained', {
  reason: ReasonSchema,
});
export type DrainMessage = Static<typeof DrainMessageSchema>;

export const AckMessageSchema = messageSchema('ack', 'answers job-started, heartbeat and job-finished', {
  replyTo: ReplyToSchema,
  outcome: Type.Enum(ACK_OUTCOMES),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_REASON_LENGTH, description: 'why it was refused, e.g. stale-attempt' })),
});
export type AckMessage = Static<typeof AckMessageSchema>;

export const ErrorMessageSchema = messageSchema('error', 'a frame could not be read or was not allowed; the connection stays open', {
  replyTo: Type.Union([ReplyToSchema, Type.Null()], { description: 'null when the frame had no readable id' }),
  code: Type.Enum(PROTOCOL_ERROR_CODES),
  message: Type.String({ maxLength: MAX_MESSAGE_LENGTH }),
});
export type ErrorMessage = Static<typeof ErrorMessageSchema>;

/** Every message the server may send, by `type`: the decoder picks the schema from this table. */
export const SERVER_MESSAGE_SCHEMAS = {
  welcome: WelcomeMessageSchema,
  job: JobMessageSchema,
  'no-work': NoWorkMessageSchema,
  kill: KillMessageSchema,
  drain: DrainMessageSchema,
  ack: AckMessageSchema,
  error: ErrorMessageSchema,
} as const;

export type ServerMessageType = keyof typeof SERVER_MESSAGE_SCHEMAS;
export const SERVER_MESSAGE_TYPES = Object.keys(SERVER_MESSAGE_SCHEMAS) as readonly ServerMessageType[];

/** The whole server side as one schema: a union discriminated by `type`. */
export const ServerMessageSchema = Type.Union(
  [
    WelcomeMessageSchema,
    JobMessageSchema,
    NoWorkMessageSchema,
    KillMessageSchema,
    DrainMessageSchema,
    AckMessageSchema,
    ErrorMessageSchema,
  ],
  { description: 'a message from the server to a pilot' },
);

/** One message from the server; switch on `type` to narrow it. */
export type ServerMessage = Static<typeof ServerMessageSchema>;

/** The server message of one type, e.g. `ServerMessageOf<'job'>`. */
export type ServerMessageOf<Name extends ServerMessageType> = Extract<ServerMessage, { type: Name }>;
