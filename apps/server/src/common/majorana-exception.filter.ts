import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { JdlError } from '@majorana/jdl';
import { MajoranaException } from '@majorana/domain';
import type { ApiErrorDto } from './api-error.dto.js';
import { apiErrorCode, apiErrorCodeOfStatus } from './api-error-code.js';
import { httpStatusOf } from './http-status-of.js';

/**
 * The one edge filter: every error leaves the API as `{statusCode, error, code, message, details?}`.
 * Typed exceptions are mapped by code (http-status-of.ts, an exhaustive switch per module); Nest's
 * own HttpExceptions (validation, unknown routes) keep their status; anything else is a 500 whose
 * details stay in the log, not in the response.
 */
@Catch()
export class MajoranaExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ApiErrorDto {
    if (exception instanceof JdlError) {
      return body(HttpStatus.BAD_REQUEST, exception.code, exception.message, exception.toJSON());
    }
    if (exception instanceof MajoranaException) {
      const typed = exception as MajoranaException<string>;
      return body(httpStatusOf(typed), apiErrorCode(typed), typed.message, typed.details);
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? [response.message].flat().join('; ')
          : exception.message;
      return body(exception.getStatus(), apiErrorCodeOfStatus(exception.getStatus()), message);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return body(
      HttpStatus.INTERNAL_SERVER_ERROR,
      apiErrorCodeOfStatus(HttpStatus.INTERNAL_SERVER_ERROR),
      'internal server error: the server log has the details',
    );
  }
}

function body(statusCode: number, code: string, message: string, details?: unknown): ApiErrorDto {
  const error = HTTP_REASONS[statusCode] ?? 'Error';
  return details === undefined ? { statusCode, error, code, message } : { statusCode, error, code, message, details };
}

const HTTP_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
