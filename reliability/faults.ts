// Faults under load, for `npm run reliability` only: a Postgres cluster and a nats-server of the
// run's own (so they can be stopped and killed without touching anyone else's), every app as its
// own process (so each can be `kill -9`ed and restarted as an orchestrator would), steady
// idempotent writes through the gateway, and per scenario what became of them
// (test/e2e/reliability/faults.e2e-spec.ts).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { eventually } from '@sf/testing';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** Postgres refuses to run as root: as root, its programs run as this user (PG_USER, default postgres). */
const PG_USER = process.env.PG_USER ?? 'postgres';

function pgTool(tool: string, args: string[]) {
  const command = path.join(PG_BIN, tool);
  const asRoot = process.getuid?.() === 0;
  return spawnSync(asRoot ? 'runuser' : command, asRoot ? ['-u', PG_USER, '--', command, ...args] : args, { encoding: 'utf8' });
}
const ROOT = path.resolve(__dirname, '..');

/** A Postgres cluster in a temporary directory, on its own port: stopped in immediate mode and started again. */
export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(port: number): Promise<OwnPostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'sf-faults-pg-'));
    if (process.getuid?.() === 0) spawnSync('chown', [PG_USER, dir]);
    const init = pgTool('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const pg = new OwnPostgres(dir, port);
    await pg.startServer();
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async startServer(): Promise<void> {
    const started = pgTool('pg_ctl', [
      '-D',
      this.dir,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300`,
      'start',
    ]);
    if (started.status !== 0) throw new Error(`pg_ctl start failed: ${started.stdout} ${started.stderr}`);
  }

  /** `pg_ctl stop -m immediate`: no checkpoint, every connection cut; recovery on the next start. */
  stopImmediate(): void {
    pgTool('pg_ctl', ['-D', this.dir, '-m', 'immediate', '-w', 'stop']);
  }

  async close(): Promise<void> {
    pgTool('pg_ctl', ['-D', this.dir, '-m', 'fast', '-w', 'stop']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A nats-server with JetStream in a temporary store, on its own port: stopped or killed and started again. */
export class OwnNats {
  private child: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(port: number): Promise<OwnNats> {
    const nats = new OwnNats(mkdtempSync(path.join(tmpdir(), 'sf-faults-nats-')), port);
    await nats.startServer();
    return nats;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async startServer(): Promise<void> {
    const binary = process.env.NATS_SERVER_BIN ?? 'nats-server';
    this.child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.dir], { stdio: 'ignore' });
    await eventually(
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(this.port, '127.0.0.1');
          socket.once('connect', () => {
            socket.destroy();
            resolve();
          });
          socket.once('error', reject);
        }),
      10_000,
    );
  }

  /** SIGTERM (a clean stop) or SIGKILL; resolves when the process is gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  async close(): Promise<void> {
    await this.stop('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One app as its own process on fixed ports, so a restart is found where it was. */
export class AppOnPorts {
  private child: ChildProcess | null = null;
  readonly lines: string[] = [];

  constructor(
    readonly app: string,
    readonly healthPort: number,
    readonly mainPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.mainPort || this.healthPort}`;
  }

  async start(env: Record<string, string>): Promise<void> {
    const child = spawn(process.execPath, [path.join(ROOT, `dist/apps/${this.app}/src/main.js`)], {
      cwd: ROOT,
      env: { ...env, HEALTH_PORT: String(this.healthPort), PORT: String(this.mainPort), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.keep(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.keep(chunk));
    this.child = child;
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`${this.app} exited with ${child.exitCode}: ${this.lines.slice(-5).join('\n')}`);
      const response = await fetch(`${this.url}/health/ready`);
      if (response.status !== 200) throw new Error(`${this.app} not ready`);
    }, 60_000);
  }

  /** `kill -9`. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private keep(chunk: string): void {
    this.lines.push(chunk);
    if (this.lines.length > 200) this.lines.splice(0, this.lines.length - 200);
  }
}

/** One scenario's figures, as the table shows them. */
export interface ScenarioResult {
  scenario: string;
  attempted: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  unexpected5xx: number;
  /** From the fault to the first acknowledged write of every kind after it (ms); null if some kind never recovered. */
  recoveryMs: number | null;
}

export function resultsTable(seed: number, commit: string, results: ScenarioResult[], note: string): string {
  return [
    `## ${new Date().toISOString()} · ${commit} · faults under load, seed ${seed}`,
    '',
    note,
    '',
    '| scenario | attempted | acknowledged | lost | duplicated | 5xx other than 503 | recovery |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.attempted} | ${r.acknowledged} | ${r.lost} | ${r.duplicated} | ${r.unexpected5xx} | ${r.recoveryMs === null ? 'not recovered' : `${(r.recoveryMs / 1000).toFixed(1)} s`} |`,
    ),
    '',
  ].join('\n');
}
