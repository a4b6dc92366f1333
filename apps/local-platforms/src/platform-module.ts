import type { FastifyInstance } from 'fastify';

/** One platform's stand-in: its routes, registered under `/<name>/...` with its own state. */
export interface PlatformModule {
  name: string;
  register(app: FastifyInstance): void;
}
