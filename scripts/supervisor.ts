import { ChildProcess, spawn } from 'node:child_process';

export interface SupervisedApp {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Extra arguments for node before the entry (tests use `-e`). */
  nodeArgs?: string[];
}

export interface SupervisorOptions {
  /** First restart delay; doubled after each crash, up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A run this long counts as healthy: the next crash starts the back-off over. */
  healthyAfterMs?: number;
  log?: (line: string) => void;
}

/**
 * Keeps the fleet's processes running as an orchestrator would: an app that exits (a crash,
 * `kill -9`) is restarted after a back-off (1 s, 2 s, 4 s ... 30 s), and the rest of the fleet
 * carries on; meanwhile the gateway answers that service's routes with 503.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly restarts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = false;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly healthyAfterMs: number;
  private readonly log: (line: string) => void;

  constructor(options: SupervisorOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.healthyAfterMs = options.healthyAfterMs ?? 60_000;
    this.log = options.log ?? ((line) => process.stderr.write(`[start] ${line}\n`));
  }

  start(app: SupervisedApp, crashesInARow = 0): void {
    if (this.stopping) return;
    const child = spawn(process.execPath, [...(app.nodeArgs ?? []), app.entry], { env: app.env, stdio: ['ignore', 'inherit', 'inherit'] });
    const startedAt = Date.now();
    this.children.set(app.name, child);
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const crashes = Date.now() - startedAt >= this.healthyAfterMs ? 1 : crashesInARow + 1;
      const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (crashes - 1));
      this.restarts.set(app.name, (this.restarts.get(app.name) ?? 0) + 1);
      this.log(
        `${app.name} exited (${signal ?? `code ${code}`}); restarting it in ${(delay / 1000).toFixed(1)} s (crash ${crashes} in a row)`,
      );
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.start(app, crashes);
      }, delay);
      this.timers.add(timer);
    });
  }

  /** How many times an app has been restarted. */
  restartsOf(name: string): number {
    return this.restarts.get(name) ?? 0;
  }

  pidOf(name: string): number | undefined {
    return this.children.get(name)?.pid;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** SIGTERM to every app (SIGKILL after `graceMs`), no more restarts. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(
      [...this.children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
          }),
      ),
    );
  }
}
