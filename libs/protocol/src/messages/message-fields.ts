import { Type, type TProperties } from 'typebox';
import { MAX_ID_LENGTH, MAX_REASON_LENGTH, PROTOCOL_VERSION } from '../protocol-limits.js';

// Field schemas shared by the messages of both directions. Every number has an upper bound too:
// JSON.parse turns 1e400 into Infinity, which must not reach the database.

/** A request id: unique per connection and sender, named by the reply's `replyTo`. */
export const RequestIdSchema = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH });

/** The `id` of the request this frame answers. */
export const ReplyToSchema = Type.String({
  minLength: 1,
  maxLength: MAX_ID_LENGTH,
  description: 'the id of the request this frame answers',
});

/** A job id as the REST API shows it (DIRAC JobID). */
export const JobIdSchema = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** Attempt n of a job: each match makes a new one. */
export const AttemptSchema = Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'attempt n of the job (n-th match)' });

/** The secret of one attempt; reports without the current one are refused. */
export const FencingTokenSchema = Type.String({ minLength: 1, maxLength: 64, description: 'the secret of this attempt' });

/** A count or an amount that cannot be negative (MiB, bytes, whole seconds). */
export const NonNegativeIntegerSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** Measured seconds or MiB, which may have a fraction. */
export const NonNegativeNumberSchema = Type.Number({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** A short reason or status a human reads. */
export const ReasonSchema = Type.String({ maxLength: MAX_REASON_LENGTH });

/** A name of a site, CE, owner or group: non-empty, one database column. */
export const NameSchema = Type.String({ minLength: 1, maxLength: 255 });

/**
 * The schema of one message: the envelope `{ v, type, id }` plus its payload, with no other property
 * (`additionalProperties: false`) so that a typo in a field name is an error, not a silent default.
 */
export function messageSchema<Name extends string, Payload extends TProperties>(type: Name, description: string, payload: Payload) {
  return Type.Object(
    {
      v: Type.Literal(PROTOCOL_VERSION, { description: 'protocol version' }),
      type: Type.Literal(type),
      id: RequestIdSchema,
      ...payload,
    },
    { additionalProperties: false, description },
  );
}
