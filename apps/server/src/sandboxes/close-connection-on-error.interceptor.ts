import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, throwError, type Observable } from 'rxjs';

/**
 * For routes that stream a request body: when one fails before reading the whole body (413, an
 * unsafe archive refused at its first entry), the answer says `Connection: close`, so that the
 * server does not read and throw away the rest of a large upload to keep the connection alive.
 */
@Injectable()
export class CloseConnectionOnErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        void reply.header('connection', 'close');
        return throwError(() => error);
      }),
    );
  }
}
