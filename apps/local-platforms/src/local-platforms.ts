import Fastify from 'fastify';
import { AddressInfo } from 'node:net';
import { PLATFORMS } from './platforms';

export interface LocalPlatforms {
  url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for the outside platforms (review listing sites, blogs, social networks) for local
 * runs and tests: each module of `PLATFORMS` serves its pages and APIs under `/<name>/...`, with
 * a control API (`/<name>/_control/...`) to change what it shows.
 */
export async function startLocalPlatforms(options: { port?: number; host?: string } = {}): Promise<LocalPlatforms> {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  for (const platform of PLATFORMS) {
    await app.register(
      async (scope) => {
        platform.register(scope);
      },
      { prefix: `/${platform.name}` },
    );
  }
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, close: () => app.close() };
}
