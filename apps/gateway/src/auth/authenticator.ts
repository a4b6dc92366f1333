import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NatsConnection } from '@nats-io/transport-node';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  Access,
  effectivePermissions,
  AuthJwks,
  AuthResolveApiKey,
  AuthResolveDemo,
  CallerContext,
  ResolvedCredential,
  ROLE_PERMISSIONS,
  systemContext,
} from '@sf/contracts';
import { Forbidden, Unauthorized } from '@sf/errors';
import { NATS_CONNECTION, RpcClient } from '@sf/messaging/client';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { GATEWAY_LOGGER } from '../http/request-context';
import { CredentialCache } from './credential-cache';
import { AccessList } from './access-list';
import { AuthEventFeed } from './auth-event-feed';
import { RevocationList } from './revocation-list';
import { TierList } from './tier-list';
import { TokenVerifier } from './token-verifier';

/** The keys are fetched at start and on an unknown key id: a quick answer or none. */
const JWKS_TIMEOUT_MS = 2000;

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
 * An impersonation token opens what the user could open, except admin routes (a permission
 * beyond a plain user's) and what changes how the account signs in.
 */
function refuseWhileImpersonating(access: Exclude<Access, { kind: 'public' }>): void {
  if (access.accountSecurity) throw new Forbidden('Not allowed while impersonating: account security');
  if ((access.permission && !ROLE_PERMISSIONS.user.includes(access.permission)) || access.roles?.includes('admin'))
    throw new Forbidden('Not allowed while impersonating: administration');
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
  private readonly tiers = new TierList();
  private readonly access = new AccessList();
  private readonly feed: AuthEventFeed;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    private readonly rpc: RpcClient,
  ) {
    this.tokens = new TokenVerifier(() =>
      this.rpc.call(AuthJwks, { ctx: systemContext('gateway-jwks'), body: {}, query: {}, params: {} }, JWKS_TIMEOUT_MS),
    );
    this.credentials = new CredentialCache(config.apiKeyCacheSeconds * 1000);
    this.revocations.onApiKeyRevoked((id) => this.credentials.evictApiKey(id));
    this.feed = new AuthEventFeed(nats, config.events, this.revocations, this.tiers, logger, this.access);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.feed.start();
    this.pruneTimer = setInterval(() => {
      this.revocations.prune();
      this.tiers.prune();
      this.access.prune();
      // Picks up retired keys too (a new key is fetched as soon as a token names it).
      if (this.tokens.ready) this.tokens.refreshKeys().catch((error) => this.logger.warn({ err: String(error) }, 'key set refresh failed'));
    }, 60_000).unref();
    // The signing keys come from the auth service, which may start after the gateway.
    void this.loadKeys();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.feed.stop();
  }

  /** True once the signing keys are loaded and the recent revocations replayed. */
  get ready(): boolean {
    return this.tokens.ready && this.feed.caughtUp;
  }

  private async loadKeys(): Promise<void> {
    for (let attempt = 0; !this.tokens.ready && !this.nats.isClosed(); attempt++) {
      try {
        await this.tokens.refreshKeys();
      } catch (error) {
        if (attempt % 10 === 0) this.logger.warn({ err: String(error) }, 'waiting for the auth service to publish its keys');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** The caller of a public endpoint: anonymous, known by IP. */
  /** Whether the request carries a credential at all (a token, an API key). */
  hasCredential(request: FastifyRequest): boolean {
    return readCredential(request).kind !== 'none';
  }

  anonymous(request: FastifyRequest): CallerContext {
    return {
      request_id: request.requestId,
      user_id: null,
      roles: [],
      tier: 'free',
      scopes: null,
      session_id: null,
      api_key_id: null,
      ip: request.ip,
    };
  }

  async authenticate(request: FastifyRequest, access: Exclude<Access, { kind: 'public' }>): Promise<CallerContext> {
    const credential = readCredential(request);
    if (credential.kind === 'none') throw new Unauthorized('Authentication required');
    const resolved = await this.resolve(credential, request);
    if (this.revocations.isRevoked(resolved)) throw new Unauthorized('Credentials have been revoked');
    if (resolved.api_key_id) {
      if (access.apiKeys === false || !access.scope) throw new Forbidden('API keys cannot be used for this endpoint');
      if (!resolved.scopes?.includes(access.scope)) throw new Forbidden(`API key lacks the ${access.scope} scope`);
    }
    if (resolved.impersonator_id) refuseWhileImpersonating(access);
    // A change of roles or permissions since the credential was issued applies now.
    const changed = this.access.accessOf(resolved.user_id);
    const roles = changed?.roles ?? resolved.roles;
    if (access.roles && !access.roles.some((role) => roles.includes(role))) throw new Forbidden('Not allowed for your role');
    if (access.permission) {
      const held = changed
        ? effectivePermissions(roles, changed.grants, changed.denies)
        : effectivePermissions(roles, resolved.permission_grants, resolved.permission_denies);
      if (!held.has(access.permission)) throw new Forbidden(`Requires the ${access.permission} permission`);
    }
    return {
      request_id: request.requestId,
      user_id: resolved.user_id,
      roles,
      tier: this.tiers.tierOf(resolved.user_id) ?? resolved.tier,
      scopes: resolved.scopes,
      session_id: resolved.session_id,
      api_key_id: resolved.api_key_id,
      ip: request.ip,
      ...(resolved.impersonator_id ? { impersonator_id: resolved.impersonator_id } : {}),
    };
  }

  private async resolve(credential: Exclude<Credential, { kind: 'none' }>, request: FastifyRequest): Promise<ResolvedCredential> {
    if (credential.kind === 'api_key') {
      const message = { ctx: this.anonymous(request), body: { key: credential.key } };
      return this.credentials.resolve(credential.key, () => this.rpc.call(AuthResolveApiKey, message));
    }
    if (credential.token === 'demo_token') {
      if (!this.config.common.demoMode) throw new Unauthorized('Invalid access token');
      return this.credentials.resolve(credential.token, () => this.rpc.call(AuthResolveDemo, { ctx: this.anonymous(request), body: {} }));
    }
    const claims = await this.tokens.verify(credential.token);
    return {
      user_id: claims.sub,
      roles: claims.roles,
      tier: claims.tier ?? 'free',
      scopes: null,
      api_key_id: null,
      session_id: claims.sid,
      expires_at: claims.exp * 1000,
      permission_grants: claims.perm_grants,
      permission_denies: claims.perm_denies,
      impersonator_id: typeof claims.act?.sub === 'string' ? claims.act.sub : null,
    };
  }
}
