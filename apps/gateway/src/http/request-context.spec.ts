import Fastify from 'fastify';
import { connect } from 'node:net';
import pino from 'pino';
import { Registry } from 'prom-client';
import { clientErrorHandler, installRequestContext } from './request-context';

describe('requests that arrive while the gateway closes', () => {
  it('get the contract’s 503 envelope (details null, a request id), never Fastify’s own body', async () => {
    const fastify = Fastify({ return503OnClosing: false, logger: false });
    installRequestContext(fastify, pino({ level: 'silent' }), new Registry());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    fastify.get('/slow', async () => {
      started();
      await held;
      return { ok: true };
    });
    fastify.get('/quick', async () => ({ ok: true }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as { port: number };

    // One keep-alive connection: the slow request, then a second one pipelined behind it, which
    // reaches the router after the server has begun to close.
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /slow HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await inFlight;
    const closed = fastify.close();
    socket.write('GET /quick HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await ended;
    await closed;

    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200/); // the request in flight still finishes
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503/);
    const requestId = /x-request-id: (\S+)/i.exec(answers[1])?.[1];
    expect(requestId).toMatch(/^req_/);
    const body = JSON.parse(answers[1].slice(answers[1].indexOf('\r\n\r\n') + 4)) as {
      error: Record<string, unknown>;
      meta: Record<string, unknown>;
    };
    expect(body.error).toEqual({ code: 'SERVICE_UNAVAILABLE', message: expect.any(String), details: null });
    expect(body.meta.request_id).toBe(requestId);
  });
});

describe('requests Node’s HTTP parser refuses (headers or URL too large)', () => {
  it('get a 400 in the contract’s envelope, not Node’s 431 body', async () => {
    const fastify = Fastify({ logger: false, clientErrorHandler });
    installRequestContext(fastify, pino({ level: 'silent' }), new Registry());
    fastify.get('/x', async () => ({ ok: true }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as { port: number };
    try {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
      const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => undefined);
      socket.write(`GET /x?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: gateway\r\n\r\n`);
      await ended;
      expect(received).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));
      expect(body.error).toEqual({ code: 'BAD_REQUEST', message: 'The URL or headers are too large', details: null });
      expect(body.meta.request_id).toMatch(/^req_/);
    } finally {
      await fastify.close();
    }
  });
});
