import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ALL_ENDPOINTS, EndpointDefinition, PaymentReceiveWebhook, WEBHOOK_BODY_LIMIT_BYTES } from '@sf/contracts';
import { RpcClient } from '@sf/messaging/client';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { EndpointRouter, routesOf } from '../routing/endpoint-router';

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;

/** The internal calls that take a webhook's raw delivery, by the subject its endpoint names. */
const RECEIVERS = new Map([[PaymentReceiveWebhook.subject, PaymentReceiveWebhook]]);
type Receiver = typeof PaymentReceiveWebhook;

/**
 * Serves the endpoints declared `servedBy: 'webhook'`: the Stripe webhook's body reaches the
 * service byte for byte with its `Stripe-Signature`, in one NATS request, for the service to
 * verify. Admitted like any route (public and not rate limited by its declaration).
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
    // A webhook route without a declared receiver would fail every delivery: refuse to start.
    const unreceived = endpoints.filter((e) => !RECEIVERS.has(e.subject)).map((e) => e.path);
    if (unreceived.length) throw new Error(`no receiver declared for the webhooks ${unreceived.join(', ')}`);
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
            handler: (request, reply) => this.forwardRaw(endpoint, RECEIVERS.get(endpoint.subject)!, request, reply),
          });
        }
      }
    });
  }

  private async forwardRaw(endpoint: Endpoint, receiver: Receiver, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const signature = request.headers['stripe-signature'];
    const ctx = await this.router.admit(endpoint, request, reply);
    const body = {
      payload: typeof request.body === 'string' ? request.body : '',
      signature: typeof signature === 'string' && signature.length > 0 ? signature : null,
    };
    const response = await this.rpc.call(receiver, { ctx, body });
    return reply.code(endpoint.status).send(response ?? {});
  }
}
