import { connect, NatsConnection } from '@nats-io/transport-node';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { eventually } from '@sf/testing';
import { RpcClient } from './rpc-client';

/** A NATS server of this test's own (Debian's nats-server), so it can be stopped. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startNats(port: number): ChildProcess {
  return spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
}

async function stopNats(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

describe('RpcClient while NATS is down', () => {
  let port: number;
  let server: ChildProcess;
  let client: NatsConnection;
  let responder: NatsConnection;

  beforeAll(async () => {
    port = await freePort();
    server = startNats(port);
    const options = { servers: `127.0.0.1:${port}`, maxReconnectAttempts: -1, reconnectTimeWait: 200 };
    client = await eventually(() => connect(options), 10_000, 100);
    responder = await connect(options);
    // Answers like a Nest handler: {response, id}.
    responder.subscribe('echo.ping', {
      callback: (_e, msg) => void msg.respond(JSON.stringify({ response: 'pong', id: (msg.json() as { id: string }).id })),
    });
    await responder.flush(); // the server has the subscription before the first request
  });
  afterAll(async () => {
    await client?.close();
    await responder?.close();
    if (server) await stopNats(server);
  });

  it('fails calls at once with SERVICE_UNAVAILABLE (not after their timeout), and works again after reconnecting', async () => {
    const rpc = new RpcClient(client, 60_000);
    await expect(rpc.request('echo.ping', {})).resolves.toBe('pong');

    await stopNats(server);
    await eventually(async () => expect(client.isClosed() || (await statusIsDisconnected(rpc))).toBe(true), 10_000, 50);
    // With a 60 s timeout, only the disconnected path can answer before the test's own timeout.
    await expect(rpc.request('echo.ping', {}, 60_000)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The message bus is not reachable',
    });

    server = startNats(port);
    await eventually(async () => expect(await rpc.request('echo.ping', {}, 1000)).toBe('pong'), 15_000, 200);
  }, 30_000);
});

/** Whether the client has noticed the disconnect (a call made now fails without waiting). */
async function statusIsDisconnected(rpc: RpcClient): Promise<boolean> {
  try {
    await rpc.request('echo.ping', {}, 100);
    return false;
  } catch (error) {
    return (error as Error).message === 'The message bus is not reachable';
  }
}
