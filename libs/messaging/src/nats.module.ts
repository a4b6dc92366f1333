import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import { connectNats } from './nats-connection';
import { RpcClient } from './rpc-client';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.connection.isClosed()) await this.connection.drain().catch(() => this.connection.close());
  }
}

/** The process's own NATS connection (for requests to other services and publishing), and an RpcClient on it. */
@Global()
@Module({})
export class NatsModule {
  static forRoot(options: {
    url: string;
    name: string;
    requestTimeoutMs: number;
    subjectPrefix: string;
    metrics?: Registry;
  }): DynamicModule {
    return {
      module: NatsModule,
      providers: [
        { provide: NATS_CONNECTION, useFactory: () => connectNats(options.url, options.name) },
        {
          provide: RpcClient,
          useFactory: (nc: NatsConnection) => new RpcClient(nc, options.requestTimeoutMs, options.subjectPrefix, options.metrics),
          inject: [NATS_CONNECTION],
        },
        NatsConnectionCloser,
      ],
      exports: [NATS_CONNECTION, RpcClient],
    };
  }
}
