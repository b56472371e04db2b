import { PassThrough, type Readable } from 'node:stream';

/** A branch of a tee was closed before the end: the other branches cannot be complete either. */
export class TeeBranchClosedError extends Error {
  override readonly name = 'TeeBranchClosedError';

  constructor() {
    super('another reader of the same stream stopped before its end');
  }
}

/**
 * Two readers of one stream, each getting every byte, at the pace of the slower (no buffering beyond
 * the streams' own high-water marks). They live and die together: if the source fails or either
 * branch is destroyed before its end (its reader found what it needed to refuse), the source and the
 * other branch are destroyed too, so nobody waits for bytes that will never come.
 */
export function teeStream(source: Readable): [PassThrough, PassThrough] {
  const branches: [PassThrough, PassThrough] = [new PassThrough(), new PassThrough()];
  const failAll = (error: Error): void => {
    for (const branch of branches) {
      if (!branch.destroyed) {
        branch.destroy(error);
      }
    }
    if (!source.destroyed) {
      source.destroy(error);
    }
  };
  source.on('error', failAll);
  for (const branch of branches) {
    // A reader may attach only later (after an await): the error stays in the branch's state for it
    // (stream.finished and pipeline report it), this only keeps an early one from being "unhandled".
    branch.on('error', () => undefined);
    source.pipe(branch);
    branch.on('close', () => {
      if (!branch.readableEnded) {
        failAll(new TeeBranchClosedError());
      }
    });
  }
  return branches;
}
