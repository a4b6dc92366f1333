import { connect as netConnect } from 'node:net';
import { Client } from 'pg';

export interface Dependency {
  name: string;
  url: string;
  /** One line telling a person how to get it running. */
  howToStart: string;
}

function tcpReachable(url: string, defaultPort: number, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = netConnect({ host: hostname || '127.0.0.1', port: Number(port) || defaultPort });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function postgresReachable(url: string): Promise<boolean> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Checks Postgres, NATS and Redis; answers the lines to print for each one that is missing. */
export async function missingDependencies(urls: { database: string; nats: string; redis: string }): Promise<string[]> {
  const checks: [Dependency, Promise<boolean>][] = [
    [
      {
        name: 'PostgreSQL',
        url: urls.database,
        howToStart: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set DATABASE_URL)',
      },
      postgresReachable(urls.database),
    ],
    [
      {
        name: 'NATS (with JetStream)',
        url: urls.nats,
        howToStart: 'nats-server -js -a 127.0.0.1 -p 4222 -sd /var/lib/nats-server & (or set NATS_URL)',
      },
      tcpReachable(urls.nats, 4222),
    ],
    [
      { name: 'Redis', url: urls.redis, howToStart: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 (or set REDIS_URL)' },
      tcpReachable(urls.redis, 6379),
    ],
  ];
  const missing: string[] = [];
  for (const [dependency, reachable] of checks) {
    if (!(await reachable)) {
      const where = new URL(dependency.url);
      missing.push(
        `${dependency.name} is not reachable at ${where.hostname}:${where.port || 'default port'}; start it with: ${dependency.howToStart}`,
      );
    }
  }
  return missing;
}
