/** The protocol version this library speaks; every frame carries it as `v`. */
export const PROTOCOL_VERSION = 1;

/**
 * The largest frame either side accepts, in UTF-8 bytes. Sandboxes travel over HTTP, so a frame only
 * grows with a JDL or a heartbeat's stdout tails; this bounds the memory one frame can take.
 */
export const MAX_FRAME_BYTES = 256 * 1024;

/** Request ids (`id`, `replyTo`) are 1 to this many characters. */
export const MAX_ID_LENGTH = 64;

/** A heartbeat carries the last this many characters of a job's stdout, so a user can peek at it. */
export const MAX_STDOUT_TAIL_LENGTH = 16 * 1024;

/** At most this many jobs in one heartbeat or in `hello.runningJobs`: far more than any node has slots. */
export const MAX_JOBS_PER_FRAME = 1024;

/** Resource tags: at most this many, each 1 to `MAX_TAG_LENGTH` characters. */
export const MAX_TAGS = 256;
export const MAX_TAG_LENGTH = 128;

/** Free-text fields a human reads (error and goodbye messages). Longer text is cut by the constructors. */
export const MAX_MESSAGE_LENGTH = 1024;

/** Short reasons and statuses (kill/drain/ack reasons, minor and application status): one database column. */
export const MAX_REASON_LENGTH = 255;

/** Processors of one slot or job, as the REST matcher accepts them. */
export const MAX_PROCESSORS = 4096;
