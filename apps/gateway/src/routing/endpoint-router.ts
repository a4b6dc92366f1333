import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AdminAuditImpersonatedCall,
  BinaryReply,
  CallerContext,
  EndpointDefinition,
  FormAnswer,
  PublishedObjectReply,
  RateLimitClass,
  RedirectReply,
  RpcRequest,
} from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { RpcClient, validateInput } from '@sf/messaging/client';
import { Authenticator } from '../auth/authenticator';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { isBrowserForm, noteFormPost, sendFormAnswer } from '../http/form-answer';
import { ConcurrencyLimiter, ReleaseSlot } from '../rate-limit/concurrency-limiter';
import { RateLimiter, RateLimitState } from '../rate-limit/rate-limiter';
import { deprecationHeaders, versionedPath } from './api-version';
import { sendPublishedObject } from './published-object';

export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const CONCURRENCY_LIMITER = Symbol('CONCURRENCY_LIMITER');
/** The endpoints this gateway serves: ALL_ENDPOINTS, or more in tests that declare their own. */
export const GATEWAY_ENDPOINTS = Symbol('GATEWAY_ENDPOINTS');

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;

/** Largest urlencoded form body an endpoint declared with `formBody` takes. */
const FORM_BODY_LIMIT_BYTES = 64 * 1024;

function setRateLimitHeaders(reply: FastifyReply, state: RateLimitState): void {
  void reply.header('X-RateLimit-Limit', state.limit);
  void reply.header('X-RateLimit-Remaining', state.remaining);
  void reply.header('X-RateLimit-Reset', state.reset);
}

/** A strong validator of a document's bytes. */
function etagOf(bytes: Buffer): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
}

/** Whether an `If-None-Match` header names the tag (weak comparison, as RFC 9110 asks for it). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === etag;
  });
}

/** Sends a document with an `ETag` of its bytes; a client holding the same bytes gets 304 and no body. */
function sendDocument(request: FastifyRequest, reply: FastifyReply, file: BinaryReply): FastifyReply {
  const safeName = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
  const bytes = Buffer.from(file.content_base64, 'base64');
  const etag = etagOf(bytes);
  void reply.header('ETag', etag).header('Cache-Control', 'private, no-store');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.header('Content-Type', file.content_type).header('Content-Disposition', `inline; filename="${safeName}"`).send(bytes);
}

export interface ServedRoute {
  method: string;
  path: string;
  /** One of the seeds' further paths for the endpoint (documented as deprecated). */
  alias: boolean;
  /** The canonical `/api/v1/...` path is documented; its version-less `/api/...` twin is not. */
  documented: boolean;
}

/**
 * The paths an endpoint is served on: its own first, then its aliases, each at its canonical
 * `/api/v1/...` path and at the version-less `/api/...` one the seeds' clients use.
 */
export function routesOf(endpoint: Endpoint): ServedRoute[] {
  const declared = [
    { method: endpoint.method, path: endpoint.path, alias: false },
    ...(endpoint.aliases ?? []).map((a) => ({ method: a.method ?? endpoint.method, path: a.path, alias: true })),
  ];
  return declared.flatMap((route) => {
    const canonical = versionedPath(route.path);
    return canonical === route.path
      ? [{ ...route, documented: true }]
      : [
          { ...route, path: canonical, documented: true },
          { ...route, documented: false },
        ];
  });
}

/**
 * Serves each declared endpoint: authenticate, rate-limit, validate, one NATS request to the
 * owning service, its answer back with the declared status. No per-endpoint code.
 */
@Injectable()
export class EndpointRouter implements OnModuleInit {
  private readonly slots = new WeakMap<FastifyRequest, ReleaseSlot>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CONCURRENCY_LIMITER) private readonly concurrency: ConcurrencyLimiter,
    @Inject(GATEWAY_ENDPOINTS) private readonly endpoints: readonly Endpoint[],
    private readonly auth: Authenticator,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const endpoint of this.endpoints) {
      if (endpoint.demoOnly && !this.config.common.demoMode) continue;
      if (endpoint.servedBy) continue;
      if (endpoint.formBody) {
        this.serveWithFormBody(fastify, endpoint, endpoint.formBody);
        continue;
      }
      for (const route of routesOf(endpoint)) {
        fastify.route({ method: route.method, url: route.path, handler: (request, reply) => this.serve(endpoint, request, reply) });
      }
    }
  }

  /**
   * An endpoint that also takes an HTML form's urlencoded body, in a scope of its own so that the
   * form parser reaches no other route: the fields arrive as the body's `key` object.
   */
  private serveWithFormBody(fastify: FastifyInstance, endpoint: Endpoint, key: string): void {
    void fastify.register(async (scope) => {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES },
        (request, body, done) => {
          noteFormPost(request);
          done(null, { [key]: Object.fromEntries(new URLSearchParams(String(body))) });
        },
      );
      for (const route of routesOf(endpoint)) {
        scope.route({ method: route.method, url: route.path, handler: (request, reply) => this.serve(endpoint, request, reply) });
      }
    });
  }

  /**
   * Who is calling, admitted: authenticated as the endpoint's access says, rate-limited, holding
   * one of the account's slots for requests in flight until the answer is sent, with the
   * `Idempotency-Key` carried along. Dedicated routes (`servedBy`) start with this too.
   */
  async admit(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<CallerContext> {
    if (endpoint.deprecated) void reply.headers(deprecationHeaders(endpoint.deprecated));
    const caller = await this.callerOf(endpoint, request, reply);
    // A call made with an impersonation token is in the audit log before it is made, or not made.
    if (caller.impersonator_id && caller.user_id) {
      const call = { method: request.method, path: request.url.split('?')[0], subject: endpoint.subject };
      await this.rpc.call(AdminAuditImpersonatedCall, { ctx: caller, body: call });
    }
    request.userId = caller.user_id;
    // What a signed-in caller is told is theirs alone: no cache, shared or private, keeps it.
    if (caller.user_id) void reply.header('Cache-Control', 'no-store');
    const idempotencyKey = request.headers['idempotency-key'];
    if (typeof idempotencyKey === 'string' && idempotencyKey.length > 0 && idempotencyKey.length <= 200)
      caller.idempotency_key = idempotencyKey;
    const rateClass = endpoint.rateLimit ?? 'standard';
    // Counted and given a slot at once: on the limits' one Redis connection both commands travel
    // in one round trip. A slot taken by a call over its rate limit is handed back at once.
    const [limited, slot] = await Promise.allSettled([this.limit(caller, rateClass, reply), this.concurrency.acquire(caller, rateClass)]);
    const release = slot.status === 'fulfilled' ? slot.value : null;
    if (limited.status === 'rejected') {
      release?.();
      throw limited.reason;
    }
    if (slot.status === 'rejected') throw slot.reason;
    if (release) {
      this.slots.set(request, release);
      // Whatever happens next (an error, a dropped connection), the slot goes with the answer.
      reply.raw.once('close', release);
    }
    return caller;
  }

  private async serve(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const caller = await this.admit(endpoint, request, reply);

    const message: RpcRequest<unknown, unknown, Record<string, string>> = {
      ctx: caller,
      params: validateInput(endpoint.params, request.params, 'params') as Record<string, string>,
      query: validateInput(endpoint.query, request.query, 'query'),
      body: validateInput(endpoint.body, request.body, 'body'),
    };
    let response: unknown;
    try {
      response = await this.rpc.call(endpoint, message);
    } finally {
      // Freed before the answer is written, so a client's next call finds the slot free.
      this.slots.get(request)?.();
    }
    if (endpoint.redirect) return reply.redirect((response as RedirectReply).location, 302);
    if (endpoint.binary) return sendDocument(request, reply.code(endpoint.status), response as BinaryReply);
    if (endpoint.publishedObject)
      return sendPublishedObject(request, reply, response as PublishedObjectReply, this.config.requestTimeoutMs);
    if (endpoint.formBody && isBrowserForm(request)) return sendFormAnswer(request, reply, endpoint.status, response as FormAnswer);
    void reply.code(endpoint.status);
    return endpoint.status === 204 ? reply.send() : reply.send(response ?? {});
  }

  private async callerOf(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<CallerContext> {
    if (endpoint.access.kind === 'public') {
      const identifies = endpoint.access.identifies;
      if (!identifies || !this.auth.hasCredential(request)) return this.auth.anonymous(request);
      return this.authenticateOrLimit(request, reply, { kind: 'user', scope: identifies.scope });
    }
    return this.authenticateOrLimit(request, reply, endpoint.access);
  }

  private async authenticateOrLimit(
    request: FastifyRequest,
    reply: FastifyReply,
    access: Exclude<Endpoint['access'], { kind: 'public' }>,
  ): Promise<CallerContext> {
    try {
      return await this.auth.authenticate(request, access);
    } catch (error) {
      // Failed authentication counts against the address, so guessing credentials is limited too.
      if (error instanceof DomainError && error.code === 'UNAUTHORIZED') await this.limit(this.auth.anonymous(request), 'standard', reply);
      throw error;
    }
  }

  private async limit(caller: CallerContext, rateClass: RateLimitClass, reply: FastifyReply): Promise<void> {
    try {
      const state = await this.limiter.check(caller, rateClass);
      if (state) setRateLimitHeaders(reply, state);
    } catch (error) {
      const state = (error as { rateLimit?: RateLimitState }).rateLimit;
      if (state) setRateLimitHeaders(reply, state);
      throw error;
    }
  }
}
