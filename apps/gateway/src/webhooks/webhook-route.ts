import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ALL_ENDPOINTS, BinaryReply, EndpointDefinition, RpcRequest, StripeWebhookRequest, WEBHOOK_BODY_LIMIT_BYTES } from '@sf/contracts';
import { RpcClient } from '@sf/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { EndpointRouter, routesOf } from '../routing/endpoint-router';
import { validateInput } from '../routing/input-validation';

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;

/**
 * Serves the endpoints declared `servedBy: 'webhook'`: what must cross the gateway as raw bytes.
 * A POST (the Stripe webhook) hands its body to the service byte for byte with its
 * `Stripe-Signature`, in one NATS request, for the service to verify; a GET (a document) answers
 * the bytes the service returns. Both are admitted like any route (the webhook is public and not
 * rate limited by its declaration).
 */
@Injectable()
export class WebhookRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly router: EndpointRouter,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    const endpoints = ALL_ENDPOINTS.filter((e) => e.servedBy === 'webhook' && (!e.demoOnly || this.config.common.demoMode));
    if (!endpoints.length) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // An encapsulated scope: its body parser keeps any content type as the raw text, leaving the
    // JSON parser of every other route alone.
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_request, body, done) =>
        done(null, body),
      );
      for (const endpoint of endpoints) {
        for (const route of routesOf(endpoint)) {
          scope.route({
            method: route.method,
            url: route.path,
            bodyLimit: WEBHOOK_BODY_LIMIT_BYTES,
            handler: (request, reply) =>
              endpoint.method === 'GET' ? this.serveBytes(endpoint, request, reply) : this.forwardRaw(endpoint, request, reply),
          });
        }
      }
    });
  }

  private async forwardRaw(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    await this.router.admit(endpoint, request, reply);
    const signature = request.headers['stripe-signature'];
    const message: StripeWebhookRequest = {
      payload: typeof request.body === 'string' ? request.body : '',
      signature: typeof signature === 'string' && signature.length > 0 ? signature : null,
      request_id: request.requestId,
    };
    const response = await this.rpc.request<unknown>(endpoint.subject, message);
    return reply.code(endpoint.status).send(response ?? {});
  }

  private async serveBytes(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const ctx = await this.router.admit(endpoint, request, reply);
    const message: RpcRequest<unknown, unknown, unknown> = {
      ctx,
      params: validateInput(endpoint.params, request.params, 'params'),
      query: validateInput(endpoint.query, request.query, 'query'),
      body: {},
    };
    const file = await this.rpc.request<BinaryReply>(endpoint.subject, message);
    const safeName = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .code(endpoint.status)
      .header('Content-Type', file.content_type)
      .header('Content-Disposition', `inline; filename="${safeName}"`)
      .header('Cache-Control', 'private, no-store')
      .send(Buffer.from(file.content_base64, 'base64'));
  }
}
