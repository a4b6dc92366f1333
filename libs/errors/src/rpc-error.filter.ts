import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable, throwError } from 'rxjs';
import { DomainError } from './domain-errors';
import { ErrorCode, ErrorReply } from './error-codes';
import { isUnavailableDependency } from './unavailable-dependency';

/**
 * Turns whatever a message handler throws into the `{code, message, details}` reply the gateway
 * understands. Unexpected errors are logged with their stack under an `error_id` that is the
 * only thing the caller learns.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorReply> {
    if (exception instanceof DomainError) return throwError(() => exception.toReply());
    const requestId = (host.switchToRpc().getData() as { ctx?: { request_id?: string } } | undefined)?.ctx?.request_id;
    if (isUnavailableDependency(exception)) {
      // An outage, not a bug: one mapping for every handler of every service.
      this.logger.warn({
        msg: 'database unavailable',
        request_id: requestId,
        err: exception instanceof Error ? exception.message : String(exception),
      });
      return throwError(() => ({
        code: ErrorCode.SERVICE_UNAVAILABLE,
        message: 'A dependency of this service is unavailable; retry shortly',
      }));
    }
    const errorId = randomUUID();
    const err = exception instanceof Error ? exception : new Error(String(exception));
    // The gateway's request id travels in the caller context, so the two log lines can be joined.
    this.logger.error({
      msg: 'unhandled error in message handler',
      request_id: requestId,
      error_id: errorId,
      err: err.message,
      stack: err.stack,
    });
    return throwError(() => ({
      code: ErrorCode.INTERNAL_ERROR,
      message: 'Internal error',
      details: { error_id: errorId },
    }));
  }
}
