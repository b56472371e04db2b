import type { IncomingMessage } from 'node:http';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';

/** How much of a refused upload is still read, and thrown away, before the refusal is sent. */
const DRAIN_BYTES = 64 * 1024 * 1024;
/** How long the server goes on reading a refused upload, in all and between two chunks (nginx's lingering close: 30 s, 5 s). */
const DRAIN_MS = 30_000;
const DRAIN_IDLE_MS = 5_000;

/**
 * For routes that stream a request body: when one fails before reading the whole body (413, an
 * unsafe archive refused at its first entry), the rest of the upload is read and thrown away — at
 * most DRAIN_BYTES, for at most DRAIN_MS, DRAIN_IDLE_MS without a byte — before the answer goes out, and the answer says
 * `Connection: close`. Answering at once and closing made a client that was still sending fail with
 * EPIPE instead of reading why it was refused (seen with fetch); reading on without a bound would let
 * a refused multi-gigabyte upload hold the server.
 */
@Injectable()
export class RefusedUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const http = context.switchToHttp();
        void http.getResponse<FastifyReply>().header('connection', 'close');
        return from(drainRequest(http.getRequest<FastifyRequest>().raw)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}

/** Reads what is left of `request`'s body and drops it; resolves at its end, or once a limit is reached. */
export function drainRequest(
  request: IncomingMessage,
  limits: { maxBytes: number; maxMs: number; idleMs: number } = { maxBytes: DRAIN_BYTES, maxMs: DRAIN_MS, idleMs: DRAIN_IDLE_MS },
): Promise<void> {
  if (request.complete || request.destroyed) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (): void => {
      clearTimeout(overall);
      clearTimeout(idle);
      request.off('data', onData);
      request.off('end', finish);
      request.off('close', finish);
      request.off('error', finish);
      resolve();
    };
    const overall = setTimeout(finish, limits.maxMs);
    let idle = setTimeout(finish, limits.idleMs);
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      clearTimeout(idle);
      idle = setTimeout(finish, limits.idleMs);
      if (seen > limits.maxBytes) {
        finish();
      }
    };
    request.unpipe();
    request.on('data', onData);
    request.once('end', finish);
    request.once('close', finish);
    request.once('error', finish);
    request.resume();
  });
}
