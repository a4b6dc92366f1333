import { createInbox, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { EndpointDefinition, InternalDefinition, InternalRequest, RequestOf, ResponseOf } from '@sf/contracts';
import { Histogram, Registry } from 'prom-client';
import { DomainError, ErrorCode, isErrorReply, ServiceUnavailable } from '@sf/errors';
import { requestHeaders } from './trace-headers';

/** `nats_request_duration_seconds{subject, outcome}`: ok, error (the service answered with one), timeout, unavailable. */
function requestHistogram(registry: Registry): Histogram<'subject' | 'outcome'> {
  const name = 'nats_request_duration_seconds';
  const existing = registry.getSingleMetric(name) as Histogram<'subject' | 'outcome'> | undefined;
  return (
    existing ??
    new Histogram({
      name,
      help: 'NATS requests to services by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    })
  );
}

/** Errors raised because no reply came in time (the `timeout` outcome), as opposed to no responder. */
const TIMED_OUT = new WeakSet<Error>();

interface Pending {
  subject: string;
  resolve: (raw: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Request/reply over NATS in the packet format of Nest's NATS transport (`{pattern, data, id}`
 * out, `{response | err, id}` back), so services answer with plain `@MessagePattern` handlers.
 * Replies come back on one wildcard inbox subscription and are matched by token, which costs a
 * map lookup per call where the client library's request() builds several objects and errors.
 * A missing or slow service becomes a SERVICE_UNAVAILABLE error, never a hang.
 */
export class RpcClient {
  private readonly inbox = createInbox();
  private readonly pending = new Map<string, Pending>();
  private subscription: Subscription | null = null;
  private sequence = 0;
  private readonly durations: Histogram<'subject' | 'outcome'> | null;
  /** False between a disconnect and the next reconnect: calls then fail at once, not at their timeout. */
  private connected = true;

  constructor(
    private readonly connection: NatsConnection,
    private readonly defaultTimeoutMs: number,
    readonly subjectPrefix = '',
    metrics?: Registry,
  ) {
    this.durations = metrics ? requestHistogram(metrics) : null;
    void this.followConnection();
  }

  private async followConnection(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        // Their requests, or the replies, went with the connection: no answer is coming.
        for (const [token, pending] of this.pending) {
          clearTimeout(pending.timer);
          this.pending.delete(token);
          pending.reject(new ServiceUnavailable('The message bus is not reachable'));
        }
      } else if (status.type === 'reconnect') {
        this.connected = true;
      }
    }
  }

  /** Calls what `declaration` declares, typed by it: an internal call, or an endpoint's subject. */
  call<TRequest, TResponse>(
    declaration: InternalDefinition<TRequest, TResponse>,
    request: InternalRequest<TRequest>,
    timeoutMs?: number,
  ): Promise<TResponse>;
  call<E extends EndpointDefinition<unknown, unknown, unknown>>(
    declaration: E,
    request: RequestOf<E>,
    timeoutMs?: number,
  ): Promise<ResponseOf<E>>;
  call(
    declaration: InternalDefinition | EndpointDefinition<unknown, unknown, unknown>,
    request: unknown,
    timeoutMs?: number,
  ): Promise<unknown> {
    const declared = 'timeoutMs' in declaration ? declaration.timeoutMs : undefined;
    return this.request(declaration.subject, request, timeoutMs ?? declared ?? this.defaultTimeoutMs);
  }

  /** A request on a subject no declaration names (benchmarks, tests of the transport itself). */
  async request<TResponse>(subject: string, data: unknown, timeoutMs = this.defaultTimeoutMs): Promise<TResponse> {
    const started = process.hrtime.bigint();
    const observe = (outcome: string) => this.durations?.observe({ subject, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    let raw: Uint8Array;
    try {
      raw = await this.send(subject, data, timeoutMs);
    } catch (error) {
      observe(error instanceof Error && TIMED_OUT.has(error) ? 'timeout' : 'unavailable');
      throw error;
    }
    const reply = JSON.parse(Buffer.from(raw).toString('utf8')) as { response?: TResponse; err?: unknown };
    observe(reply.err !== undefined && reply.err !== null ? 'error' : 'ok');
    if (reply.err !== undefined && reply.err !== null) {
      if (isErrorReply(reply.err)) throw new DomainError(reply.err.code, reply.err.message, reply.err.details);
      throw new DomainError(ErrorCode.INTERNAL_ERROR, 'Internal error');
    }
    return reply.response as TResponse;
  }

  private send(subject: string, data: unknown, timeoutMs: number): Promise<Uint8Array> {
    const service = subject.split('.')[0];
    if (!this.connected || this.connection.isClosed() || this.connection.isDraining())
      return Promise.reject(new ServiceUnavailable('The message bus is not reachable'));
    this.listen();
    const token = (++this.sequence).toString(36);
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        const error = new ServiceUnavailable(`The ${service} service did not answer in time`);
        TIMED_OUT.add(error);
        reject(error);
      }, timeoutMs);
      this.pending.set(token, { subject, resolve, reject, timer });
      try {
        this.connection.publish(this.subjectPrefix + subject, JSON.stringify({ pattern: subject, data, id: token }), {
          reply: `${this.inbox}.${token}`,
          headers: requestHeaders(data),
        });
      } catch {
        clearTimeout(timer);
        this.pending.delete(token);
        reject(new ServiceUnavailable('The message bus is not reachable'));
      }
    });
  }

  /** The one reply subscription, made on first use. */
  private listen(): void {
    if (this.subscription && !this.subscription.isClosed()) return;
    this.subscription = this.connection.subscribe(`${this.inbox}.*`, {
      callback: (error, msg) => {
        if (error) return;
        const token = msg.subject.slice(this.inbox.length + 1);
        const pending = this.pending.get(token);
        if (!pending) return; // answered after its timeout
        this.pending.delete(token);
        clearTimeout(pending.timer);
        // The server itself answers 503 when nobody subscribes to the subject.
        if (msg.headers?.hasError && msg.headers.code === 503) {
          pending.reject(new ServiceUnavailable(`The ${pending.subject.split('.')[0]} service is not available`));
        } else {
          pending.resolve(msg.data);
        }
      },
    });
  }
}
