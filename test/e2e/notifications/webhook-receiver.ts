import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
  /** The status answered; null while held (or when the sender went away before an answer). */
  status: number | null;
}

/** One scripted answer: a status and optional headers; the last one repeats. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Keep the request open without answering (until the sender goes away or the receiver closes). */
  hold?: boolean;
}

/** A customer's endpoint, in process: records every delivery and answers each path from its script. */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly served = new Map<string, number>();
  private server: Server | null = null;
  port = 0;

  static async start(port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.listen(port);
    return receiver;
  }

  private listen(port: number): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const script = this.scripts.get(path) ?? [{ status: 200 }];
        const index = this.served.get(path) ?? 0;
        this.served.set(path, index + 1);
        const answer = script[Math.min(index, script.length - 1)];
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ path, headers: request.headers, body, at: Date.now(), status: answer.hold ? null : answer.status });
        if (answer.hold) return;
        response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        response.end('ok');
      });
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => {
        this.port = (this.server!.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Answers for `path`, in order (the last repeats). */
  script(path: string, answers: Answer[]): void {
    this.scripts.set(path, answers);
    this.served.delete(path);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): ReceivedDelivery[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

/** A port nothing listens on (taken, then given back). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
