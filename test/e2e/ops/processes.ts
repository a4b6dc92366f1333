import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { AppStarter, Closable, eventually } from '@sf/testing';

const ROOT = path.resolve(__dirname, '../../..');

/** Compiles the apps once (`npm run build`), so tests can run them as the processes they are in production. */
export function buildOnce(): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
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

  /** Starts `dist/apps/<app>/src/main.js` and waits until its health port says ready. */
  static async start(app: string, env: Record<string, string>, readyPath = '/health/ready'): Promise<AppProcess> {
    const healthPort = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, `dist/apps/${app}/src/main.js`)], {
      cwd: ROOT,
      env: { ...env, HEALTH_PORT: String(healthPort), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new AppProcess(app, child, `http://127.0.0.1:${healthPort}`);
    try {
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}: ${started.lines.slice(-5).join('\n')}`);
        const response = await fetch(`${started.healthUrl}${readyPath}`);
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
    return Promise.resolve(this.healthUrl);
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
export function processStarter(app: string, started: AppProcess[]): AppStarter {
  return {
    name: app,
    start: async (env) => {
      const process = await AppProcess.start(app, env);
      started.push(process);
      return process;
    },
  };
}
