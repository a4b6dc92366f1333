import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DomainError, ErrorCode } from '@sf/errors';
import { isBrowserForm, sendFormError } from './form-answer';
import { codeForStatus, errorBody, STATUS_BY_CODE } from './error-response';
import { localizedMessage } from './localized-message';
import { GATEWAY_LOGGER } from './request-context';

// Fastify's own errors that a client can cause, by code.
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'BAD_REQUEST', message: 'Unsupported content type; send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', message: 'Empty JSON body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', message: 'Request body is not valid JSON' },
  FST_ERR_BAD_URL: { code: 'BAD_REQUEST', message: 'Malformed URL' },
};

/** Every error leaving the gateway, whoever raised it, in the contract's shape and status. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(GATEWAY_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = request.requestId ?? 'unknown';
    const { status, body } = this.describe(exception, requestId);
    body.error.message = localizedMessage(body.error.message, request.headers['accept-language']);
    if (status === 429) {
      const retryAfter = (body.error.details as { retry_after?: number } | undefined)?.retry_after;
      if (retryAfter) void reply.header('Retry-After', String(retryAfter));
    }
    if (isBrowserForm(request)) return void sendFormError(request, reply, status, body.error.message, body.error.details);
    void reply.status(status).header('Content-Type', 'application/json; charset=utf-8').send(body);
  }

  private describe(exception: unknown, requestId: string) {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_CODE[exception.code] ?? 500;
      return { status, body: errorBody(exception.code, exception.message, requestId, exception.details) };
    }
    // Nest wraps Fastify's own errors in an HttpException; the original is its cause.
    const fastifyCode = (exception as { code?: string } | null)?.code ?? (exception as { cause?: { code?: string } } | null)?.cause?.code;
    if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
      const known = FASTIFY_ERRORS[fastifyCode];
      return { status: STATUS_BY_CODE[known.code], body: errorBody(known.code, known.message, requestId) };
    }
    const clientStatus =
      exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number } | null)?.statusCode;
    if (clientStatus && clientStatus >= 400 && clientStatus < 500) {
      // Only the contract's statuses leave the gateway (a 405 is a 404, a 415 a 400, ...).
      const code = codeForStatus(clientStatus);
      const message = code === 'NOT_FOUND' ? 'Route not found' : exception instanceof Error ? exception.message : 'Bad request';
      return { status: STATUS_BY_CODE[code], body: errorBody(code, message, requestId) };
    }
    if (exception instanceof HttpException && exception.getStatus() === 503) {
      // A failed readiness check: which dependency is down goes in the details.
      const response = exception.getResponse();
      const details = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : undefined;
      return { status: 503, body: errorBody('SERVICE_UNAVAILABLE', 'Not ready', requestId, details) };
    }
    const errorId = randomUUID();
    const err = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error({ request_id: requestId, error_id: errorId, err: err.message, stack: err.stack }, 'unhandled error');
    return { status: 500, body: errorBody('INTERNAL_ERROR', 'Internal error', requestId, { error_id: errorId }) };
  }
}
