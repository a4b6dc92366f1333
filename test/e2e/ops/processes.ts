import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AppStarter, Closable, eventually } from '@sf/testing';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Compiles the apps (`npm run build`), so tests can run them as the processes they are in
 * production. At low priority, like the processes below: suites running beside this one keep
 * their CPU (their requests have short timeouts). Once per test run, under a lock: the build
 * rewrites dist/ in place, so a second worker building while the first one's processes start
 * would hand them half-written modules.
 */
export function buildOnce(): void {
  const lock = path.join(ROOT, 'dist.build-lock');
  // Jest's workers share their parent: one marker per run.
  const built = path.join(tmpdir(), `softfactory-build-${process.ppid}-${ROOT.replace(/\W/g, '_')}.done`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a build can take was left by a process that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('another build held dist.build-lock for 10 minutes');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (existsSync(built)) return;
    const result = spawnSync('nice', ['-n', '10', 'npm', 'run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
    writeFileSync(built, new Date().toISOString());
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One app running as its own Node process, with its log lines kept for the test to read. */
export class AppProcess implements Closable {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly healthUrl: string,
  ) {
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts.filter(Boolean));
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.lines.push(chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Where the gateway serves its API (its main port); unset for services. */
  mainUrl = '';

  /**
   * Starts `dist/apps/<app>/src/main.js` on free ports and waits until it says ready: a service
   * on its health port, the gateway on its main port.
   */
  static async start(app: string, env: Record<string, string>, logLevel = 'info'): Promise<AppProcess> {
    const healthPort = await freePort();
    const mainPort = app === 'gateway' ? await freePort() : 0;
    const child = spawn('nice', ['-n', '10', process.execPath, path.join(ROOT, `dist/apps/${app}/src/main.js`)], {
      cwd: ROOT,
      env: { ...env, HEALTH_PORT: String(healthPort), PORT: String(mainPort), LOG_LEVEL: logLevel },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new AppProcess(app, child, `http://127.0.0.1:${healthPort}`);
    if (mainPort) started.mainUrl = `http://127.0.0.1:${mainPort}`;
    const readyUrl = `${started.mainUrl || started.healthUrl}/health/ready`;
    try {
      await eventually(async () => {
        if (child.exitCode !== null)
          throw new Error(
            `${app} exited with ${child.exitCode}: ${started.lines
              .filter((l) => !l.includes(`"level":"info"`))
              .slice(-8)
              .join('\n')}`,
          );
        const response = await fetch(readyUrl);
        if (response.status !== 200) throw new Error(`${app} not ready: ${await response.text()}`);
      }, 30_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return started;
  }

  /** The log lines that parse as JSON. */
  json(): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  getUrl(): Promise<string> {
    return Promise.resolve(this.mainUrl || this.healthUrl);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A fleet member started as a process; `started` collects every process it made. */
export function processStarter(app: string, started: AppProcess[], logLevel = 'info'): AppStarter {
  return {
    name: app,
    start: async (env) => {
      const process = await AppProcess.start(app, env, logLevel);
      started.push(process);
      return process;
    },
  };
}
