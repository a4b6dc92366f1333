import Fastify from 'fastify';
import { PLATFORMS } from './platforms';

export interface LocalPlatforms {
  url: string;
  close(): Promise<void>;
}

/**
 * The outside platforms (social networks, review sites) for tests and local runs: every module of
 * `PLATFORMS` under `/<name>/...`, each keeping its own state, with its test controls under
 * `/<name>/_control/...`; `GET /_control/platforms` lists them.
 */
export async function startLocalPlatforms(options: { port?: number; host?: string } = {}): Promise<LocalPlatforms> {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/_control/platforms', async () => ({ platforms: PLATFORMS.map((p) => p.name) }));
  for (const platform of PLATFORMS) {
    await app.register(
      async (scope) => {
        platform.register(scope);
      },
      { prefix: `/${platform.name}` },
    );
  }
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const url = address.replace('[::1]', '127.0.0.1');
  return { url, close: () => app.close() };
}
