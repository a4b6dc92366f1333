import type { FastifyInstance } from 'fastify';

/**
 * One platform the stand-in imitates. `register` adds its routes to a scope mounted under
 * `/<name>` and keeps its state in that scope, so every server started has its own.
 */
export interface PlatformModule {
  name: string;
  register(app: FastifyInstance): void;
}
