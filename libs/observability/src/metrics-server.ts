import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * A side HTTP port with `/metrics` and `/health/live`, for an app whose main port is public (the
 * gateway): scrapes never go through the Ingress, and the NetworkPolicy opens this port to the
 * monitoring namespace only.
 */
export class MetricsServer {
  private server: Server | null = null;

  constructor(
    private readonly registry: Registry,
    private readonly port: number,
    private readonly host = '0.0.0.0',
  ) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method === 'GET' && path === '/metrics') {
        this.registry.metrics().then(
          (text) => response.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text),
          () => response.writeHead(500).end(),
        );
      } else if (request.method === 'GET' && path === '/health/live') {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      } else {
        response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"Not found"}}');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.server = server;
  }

  /** Where it listens (the port is chosen by the system when configured as 0). */
  url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('metrics server is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
