import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable, throwError } from 'rxjs';
import { DomainError } from './domain-errors';
import { ErrorCode, ErrorReply } from './error-codes';

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
    const errorId = randomUUID();
    const err = exception instanceof Error ? exception : new Error(String(exception));
    // The gateway's request id travels in the caller context, so the two log lines can be joined.
    const requestId = (host.switchToRpc().getData() as { ctx?: { request_id?: string } } | undefined)?.ctx?.request_id;
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
