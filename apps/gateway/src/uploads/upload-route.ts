import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import {
  ALL_ENDPOINTS,
  CallerContext,
  EndpointDefinition,
  MAX_FILE_BYTES,
  StorageUploadAbort,
  StorageUploadBegin,
  StorageUploadComplete,
} from '@sf/contracts';
import { BadRequest, DomainError, ErrorCode } from '@sf/errors';
import { RpcClient } from '@sf/messaging/client';
import { METRICS_REGISTRY } from '@sf/observability';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { EndpointRouter, routesOf } from '../routing/endpoint-router';
import { PartUploader } from './part-uploader';
import { FORM_OVERHEAD_BYTES, StreamedUpload, UploadBackend } from './streamed-upload';
import { UploadMeter } from './upload-meter';

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;

/**
 * Serves the endpoints declared `servedBy: 'upload'`: files stream to storage, never through NATS.
 * The caller is admitted like on any route, then the form is read as it arrives and the file
 * streamed to S3 through presigned part URLs (StreamedUpload); NATS carries only the small
 * begin / complete / abort messages to the storage service.
 */
@Injectable()
export class UploadRoute implements OnModuleInit, OnApplicationShutdown {
  private readonly parts = new PartUploader();
  private readonly meter: UploadMeter;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly router: EndpointRouter,
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    this.meter = new UploadMeter(metrics);
  }

  onModuleInit(): void {
    const endpoints = ALL_ENDPOINTS.filter((e) => e.servedBy === 'upload' && (!e.demoOnly || this.config.common.demoMode));
    if (!endpoints.length) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      // In this scope no body is parsed or buffered: the route reads the raw stream itself,
      // after the caller is admitted.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      for (const endpoint of endpoints)
        for (const route of routesOf(endpoint))
          scope.route({ method: route.method, url: route.path, handler: (request, reply) => this.serve(endpoint, request, reply) });
    });
  }

  onApplicationShutdown(): void {
    this.parts.close();
  }

  private async serve(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const caller = await this.router.admit(endpoint, request, reply);
    if (!/^multipart\/form-data\s*;/i.test(request.headers['content-type'] ?? ''))
      throw new BadRequest('Send the file as multipart/form-data with the fields file and category');
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_FILE_BYTES + FORM_OVERHEAD_BYTES) {
      // Refused before a byte is read; the connection closes rather than take the rest.
      void reply.header('Connection', 'close');
      throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
        reason: 'file_size',
        max_bytes: MAX_FILE_BYTES,
      });
    }
    try {
      const view = await new StreamedUpload(this.backend(caller), this.parts.send, this.meter).run(request.raw);
      return reply.code(endpoint.status).send(view);
    } catch (error) {
      // The client may still be sending: answer, then close rather than read the rest.
      if (error instanceof DomainError && error.code === ErrorCode.PAYLOAD_TOO_LARGE) void reply.header('Connection', 'close');
      throw error;
    }
  }

  private backend(ctx: CallerContext): UploadBackend {
    return {
      begin: (body) => this.rpc.call(StorageUploadBegin, { ctx, body }),
      complete: (body) => this.rpc.call(StorageUploadComplete, { ctx, body }),
      abort: async (uploadToken) => {
        await this.rpc.call(StorageUploadAbort, { ctx, body: { upload_token: uploadToken } });
      },
    };
  }
}
