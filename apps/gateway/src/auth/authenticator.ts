import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  Access, ActiveRevocationsView, AuthSubjects, CallerContext, JwksView, ResolveApiKeyRequest, ResolvedCredential, Revocation,
} from '@sf/contracts';
import { Forbidden, Unauthorized } from '@sf/errors';
import { NATS_CONNECTION, RpcClient } from '@sf/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { GATEWAY_LOGGER } from '../http/request-context';
import { CredentialCache } from './credential-cache';
import { RevocationList } from './revocation-list';
import { TokenVerifier } from './token-verifier';

/** Auth events that revoke credentials; every gateway replica hears all of them. */
const REVOCATION_SUBJECTS = ['events.auth.auth.session.revoked', 'events.auth.auth.api_key.revoked', 'events.auth.user.deleted'];

type Credential = { kind: 'bearer'; token: string } | { kind: 'api_key'; key: string } | { kind: 'none' };

function readCredential(request: FastifyRequest): Credential {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.length > 0) {
    const space = header.indexOf(' ');
    const scheme = (space > 0 ? header.slice(0, space) : header).toLowerCase();
    const value = space > 0 ? header.slice(space + 1).trim() : '';
    if (scheme === 'bearer' && value) return { kind: 'bearer', token: value };
    if (scheme === 'apikey' && value) return { kind: 'api_key', key: value };
    throw new Unauthorized('Malformed Authorization header; use "Bearer <token>" or "ApiKey <key>"');
  }
  const queryKey = (request.query as Record<string, unknown> | undefined)?.api_key;
  if (typeof queryKey === 'string' && queryKey) return { kind: 'api_key', key: queryKey };
  return { kind: 'none' };
}

/**
 * Turns a request's credentials into the caller context services receive, and enforces the
 * endpoint's declared access (roles, API-key scopes).
 */
@Injectable()
export class Authenticator implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly tokens: TokenVerifier;
  private readonly credentials: CredentialCache;
  private readonly revocations = new RevocationList();
  private subscriptions: Subscription[] = [];
  private timers: NodeJS.Timeout[] = [];
  private revocationsLoaded = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    private readonly rpc: RpcClient,
  ) {
    this.tokens = new TokenVerifier(() => this.rpc.request<JwksView>(AuthSubjects.jwks, {}, 2000));
    this.credentials = new CredentialCache(config.apiKeyCacheSeconds * 1000);
    this.revocations.onApiKeyRevoked((id) => this.credentials.evictApiKey(id));
  }

  onApplicationBootstrap(): void {
    for (const subject of REVOCATION_SUBJECTS) {
      this.subscriptions.push(
        this.nats.subscribe(this.rpc.subjectPrefix + subject, {
          callback: (error, msg) => {
            if (error) return;
            try {
              const event = msg.json<{ data: Revocation | { user_id: string; until: number } }>();
              const data = event.data;
              this.revocations.apply('kind' in data ? data : { kind: 'user', user_id: data.user_id, until: data.until });
            } catch (parseError) {
              this.logger.warn({ subject, err: String(parseError) }, 'unreadable revocation event');
            }
          },
        }),
      );
    }
    // Keys and revocations come from the auth service, which may start after the gateway.
    void this.loadFromAuth();
    this.timers.push(setInterval(() => this.revocations.prune(), 60_000).unref());
  }

  onModuleDestroy(): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
    for (const timer of this.timers) clearInterval(timer);
  }

  /** True once the signing keys and the revocations in force are loaded. */
  get ready(): boolean {
    return this.tokens.ready && this.revocationsLoaded;
  }

  private async loadFromAuth(): Promise<void> {
    for (let attempt = 0; !this.ready; attempt++) {
      try {
        if (!this.tokens.ready) await this.tokens.refreshKeys();
        if (!this.revocationsLoaded) {
          const active = await this.rpc.request<ActiveRevocationsView>(AuthSubjects.activeRevocations, {}, 2000);
          for (const revocation of active.revocations) this.revocations.apply(revocation);
          this.revocationsLoaded = true;
        }
      } catch (error) {
        if (attempt % 10 === 0) this.logger.warn({ err: String(error) }, 'waiting for the auth service');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (this.nats.isClosed()) return;
    }
  }

  /** The caller of a public endpoint: anonymous, known by IP. */
  anonymous(request: FastifyRequest): CallerContext {
    return {
      request_id: request.requestId, user_id: null, roles: [], tier: 'free', scopes: null, session_id: null, api_key_id: null, ip: request.ip,
    };
  }

  async authenticate(request: FastifyRequest, access: Exclude<Access, { kind: 'public' }>): Promise<CallerContext> {
    const credential = readCredential(request);
    if (credential.kind === 'none') throw new Unauthorized('Authentication required');
    const resolved = await this.resolve(credential, request);
    if (this.revocations.isRevoked(resolved.user_id, resolved.session_id)) throw new Unauthorized('Credentials have been revoked');
    if (resolved.api_key_id) {
      if (access.apiKeys === false || !access.scope) throw new Forbidden('API keys cannot be used for this endpoint');
      if (!resolved.scopes?.includes(access.scope)) throw new Forbidden(`API key lacks the ${access.scope} scope`);
    }
    if (access.roles && !access.roles.some((role) => resolved.roles.includes(role))) throw new Forbidden('Not allowed for your role');
    return {
      request_id: request.requestId,
      user_id: resolved.user_id,
      roles: resolved.roles,
      tier: resolved.tier,
      scopes: resolved.scopes,
      session_id: resolved.session_id,
      api_key_id: resolved.api_key_id,
      ip: request.ip,
    };
  }

  private async resolve(credential: Exclude<Credential, { kind: 'none' }>, request: FastifyRequest): Promise<ResolvedCredential> {
    if (credential.kind === 'api_key') {
      const payload: ResolveApiKeyRequest = { ctx: this.anonymous(request), key: credential.key };
      return this.credentials.resolve(credential.key, () => this.rpc.request<ResolvedCredential>(AuthSubjects.resolveApiKey, payload));
    }
    if (credential.token === 'demo_token') {
      if (!this.config.common.demoMode) throw new Unauthorized('Invalid access token');
      return this.credentials.resolve(credential.token, () => this.rpc.request<ResolvedCredential>(AuthSubjects.resolveDemo, {}));
    }
    const claims = await this.tokens.verify(credential.token);
    return { user_id: claims.sub, roles: claims.roles, tier: claims.tier ?? 'free', scopes: null, api_key_id: null, session_id: claims.sid };
  }
}
