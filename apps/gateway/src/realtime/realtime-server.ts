import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NatsConnection, Subscription } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { Server, Socket } from 'socket.io';
import { AuthEvents, PUSH_NAMESPACES, PushMessage, PushNamespace, pushSubject, Revocation } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { NATS_CONNECTION } from '@sf/messaging/client';
import { METRICS_REGISTRY } from '@sf/observability';
import { Authenticator } from '../auth/authenticator';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { GATEWAY_LOGGER } from '../http/request-context';
import { bearerExpiry, handshakeAuthorization, handshakeRequest } from './socket-credentials';
import { SocketOwner, SocketRegistry } from './socket-registry';

/** The API-key scope each namespace needs (user tokens need none). */
const NAMESPACE_SCOPES: Record<PushNamespace, string> = {
  sns: 'read:sns',
  orders: 'read:payment',
  notifications: 'read:profile',
  chat: 'read:profile',
};

/** The room of one user's sockets in a namespace. */
export const userRoom = (userId: string) => `user:${userId}`;

/** Handlers a namespace adds for what its clients send (chat's typing indicator). */
export type ClientEvents = (socket: Socket, owner: SocketOwner) => void;

/**
 * Socket.IO on the gateway's own HTTP server (path `/socket.io`), one namespace per product area.
 * The handshake is authenticated like a request (JWT or API key, through the Authenticator), each
 * socket joins its user's room only, and a revocation, a logout or the token's expiry closes it.
 * Every replica subscribes to `push.<namespace>` on core NATS and emits to its own sockets.
 */
@Injectable()
export class RealtimeServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private io: Server | null = null;
  private readonly registry = new SocketRegistry();
  private readonly subscriptions: Subscription[] = [];
  private readonly clientEvents = new Map<PushNamespace, ClientEvents>();
  private readonly pushed: Counter<'namespace'>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: Authenticator,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    const connections = () => PUSH_NAMESPACES.map((ns) => [ns, this.io?.of(`/${ns}`).sockets.size ?? 0] as const);
    new Gauge({
      name: 'gateway_websocket_connections',
      help: 'Open Socket.IO connections on this replica',
      labelNames: ['namespace'],
      registers: [metrics],
      collect() {
        for (const [namespace, count] of connections()) this.set({ namespace }, count);
      },
    });
    this.pushed = new Counter({
      name: 'gateway_pushes_total',
      help: "Pushes received from NATS and emitted to this replica's sockets",
      labelNames: ['namespace'],
      registers: [metrics],
    });
  }

  /** Lets a namespace's feature handle what its clients send; call before bootstrap ends. */
  onClientEvents(namespace: PushNamespace, handler: ClientEvents): void {
    this.clientEvents.set(namespace, handler);
  }

  /** Emits to one user's sockets in a namespace, on this replica. */
  emit(namespace: PushNamespace, userIds: string[], event: string, data: unknown): void {
    if (!this.io || userIds.length === 0) return;
    this.io.of(`/${namespace}`).to(userIds.map(userRoom)).emit(event, data);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    const io = new Server(server, { path: '/socket.io', serveClient: false, cors: this.corsOptions() });
    this.io = io;
    // The default namespace carries nothing: it is closed to everyone.
    io.use((_socket, next) =>
      next(Object.assign(new Error('Use a namespace: /sns, /orders, /notifications or /chat'), { data: { code: 'NOT_FOUND' } })),
    );
    for (const namespace of PUSH_NAMESPACES) {
      const nsp = io.of(`/${namespace}`);
      nsp.use((socket, next) => {
        this.admit(socket, namespace).then(
          () => next(),
          (error: unknown) => next(this.refusal(error)),
        );
      });
      nsp.on('connection', (socket) => {
        const owner = socket.data.owner as SocketOwner;
        void socket.join(userRoom(owner.user_id));
        this.clientEvents.get(namespace)?.(socket, owner);
      });
    }
    const prefix = this.config.common.natsSubjectPrefix;
    this.subscriptions.push(
      this.nats.subscribe(`${prefix}push.*`, {
        callback: (error, msg) => {
          if (!error) this.deliver(msg.subject.slice(prefix.length), msg.data);
        },
      }),
      // Live auth events (the Authenticator follows them too): a revocation closes sockets at once.
      this.nats.subscribe(`${prefix}events.${AuthEvents.service}.>`, {
        callback: (error, msg) => {
          if (!error) this.revoke(msg.data);
        },
      }),
    );
  }

  // Before the HTTP server closes: it waits for open connections, and a socket stays open.
  async beforeApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    if (!this.io) return;
    for (const namespace of PUSH_NAMESPACES) this.io.of(`/${namespace}`).disconnectSockets(true);
    // Not io.close(): that would close the HTTP server, which Nest closes itself.
    this.io.engine.close();
    this.io = null;
  }

  private corsOptions() {
    const { origins, credentials } = this.config.cors;
    return origins.length > 0 ? { origin: origins.includes('*') ? '*' : origins, credentials } : undefined;
  }

  private async admit(socket: Socket, namespace: PushNamespace): Promise<void> {
    const authorization = handshakeAuthorization(socket);
    const requestId = `ws_${randomBytes(8).toString('hex')}`;
    const ctx = await this.authenticator.authenticate(handshakeRequest(socket, authorization, requestId), {
      kind: 'user',
      scope: NAMESPACE_SCOPES[namespace],
    });
    const owner: SocketOwner = { user_id: ctx.user_id!, session_id: ctx.session_id, api_key_id: ctx.api_key_id };
    socket.data.owner = owner;
    socket.data.ctx = ctx;
    this.registry.add(socket, owner, bearerExpiry(authorization));
  }

  /** The handshake error a client sees (`connect_error`): the contract's code and message, nothing more. */
  private refusal(error: unknown): Error {
    if (error instanceof DomainError) return Object.assign(new Error(error.message), { data: { code: error.code } });
    this.logger.warn({ err: String(error) }, 'socket handshake failed');
    return Object.assign(new Error('Service unavailable'), { data: { code: 'SERVICE_UNAVAILABLE' } });
  }

  private deliver(subject: string, raw: Uint8Array): void {
    const namespace = subject.slice(pushSubject('' as PushNamespace).length) as PushNamespace;
    if (!PUSH_NAMESPACES.includes(namespace)) return;
    try {
      const push = JSON.parse(Buffer.from(raw).toString('utf8')) as PushMessage;
      if (!Array.isArray(push.user_ids) || typeof push.event !== 'string') return;
      this.emit(namespace, push.user_ids, push.event, push.data);
      this.pushed.inc({ namespace });
    } catch (error) {
      this.logger.warn({ err: String(error), subject }, 'unreadable push');
    }
  }

  private revoke(raw: Uint8Array): void {
    try {
      const event = JSON.parse(Buffer.from(raw).toString('utf8')) as { type: string; data: Record<string, unknown> };
      let revocation: Revocation | null = null;
      if (event.type === 'auth.session.revoked' || event.type === 'auth.api_key.revoked') revocation = event.data as unknown as Revocation;
      if (event.type === 'user.deleted')
        revocation = { kind: 'user', user_id: String(event.data.user_id), until: Number(event.data.until) };
      if (revocation) this.registry.revoke(revocation);
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'unreadable auth event');
    }
  }
}
