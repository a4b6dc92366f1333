import { NatsConnection, NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { DomainError, ErrorCode, isErrorReply, ServiceUnavailable } from '@sf/errors';

let sequence = 0;

/**
 * Request/reply over NATS in the packet format of Nest's NATS transport (`{pattern, data, id}`
 * out, `{response | err, id}` back), so services answer with plain `@MessagePattern` handlers.
 * A missing or slow service becomes a SERVICE_UNAVAILABLE error, never a hang.
 */
export class RpcClient {
  constructor(
    private readonly connection: NatsConnection,
    private readonly defaultTimeoutMs: number,
    readonly subjectPrefix = '',
  ) {}

  async request<TResponse>(subject: string, data: unknown, timeoutMs = this.defaultTimeoutMs): Promise<TResponse> {
    const id = `${process.pid}-${++sequence}`;
    const payload = JSON.stringify({ pattern: subject, data, id });
    let raw: string;
    try {
      const msg = await this.connection.request(this.subjectPrefix + subject, payload, { timeout: timeoutMs });
      raw = msg.string();
    } catch (error) {
      throw this.unavailable(subject, error);
    }
    const reply = JSON.parse(raw) as { response?: TResponse; err?: unknown };
    if (reply.err !== undefined && reply.err !== null) {
      if (isErrorReply(reply.err)) throw new DomainError(reply.err.code, reply.err.message, reply.err.details);
      throw new DomainError(ErrorCode.INTERNAL_ERROR, 'Internal error');
    }
    return reply.response as TResponse;
  }

  private unavailable(subject: string, error: unknown): Error {
    const service = subject.split('.')[0];
    const noResponders = error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders());
    if (noResponders) return new ServiceUnavailable(`The ${service} service is not available`);
    if (error instanceof TimeoutError || (error instanceof Error && error.name === 'TimeoutError'))
      return new ServiceUnavailable(`The ${service} service did not answer in time`);
    if (error instanceof Error && /closed|draining|disconnect/i.test(error.message))
      return new ServiceUnavailable('The message bus is not reachable');
    return error instanceof Error ? error : new Error(String(error));
  }
}
