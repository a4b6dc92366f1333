// Child processes of the bench: spawned with their logs in files, waited on over HTTP, stopped.
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface App {
  name: string;
  child: ChildProcess;
  log: string;
}

/** Throws when one of `apps` has exited, naming it, how it ended, and its log. */
export function assertAlive(apps: App[]): void {
  const dead = apps.find((app) => !alive(app));
  if (dead) throw new Error(`${dead.name} exited (${dead.child.signalCode ?? `code ${dead.child.exitCode}`}); see ${dead.log}`);
}

/** `ipc` opens a message channel (the CPU profiler hook listens on it). */
export function spawnApp(
  name: string,
  entry: string,
  env: Record<string, string | undefined>,
  logDir: string,
  nodeArgs: string[] = [],
  ipc = false,
): App {
  const log = join(logDir, `${name}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    env: { ...env, BENCH_APP_NAME: name },
    stdio: ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
  });
  closeSync(fd);
  return { name, child, log };
}

export function alive(app: App): boolean {
  return app.child.exitCode === null && app.child.signalCode === null;
}

/** Polls `url` until it answers 200; false when the deadline passes or a process died. */
export async function waitForOk(url: string, timeoutMs: number, apps: App[], intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    assertAlive(apps);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

export async function stopApp(app: App, graceMs = 10_000): Promise<void> {
  if (!alive(app)) return;
  await new Promise<void>((done) => {
    const timer = setTimeout(() => app.child.kill('SIGKILL'), graceMs);
    app.child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    app.child.kill('SIGTERM');
  });
}

/**
 * The environment the runtime image gives every process (the `ENV` lines of the Dockerfile's
 * `runtime` stage, e.g. V8 and malloc settings), so the bench runs the apps as they are deployed.
 * Variables already set in the bench's own environment win.
 */
export function runtimeImageEnv(dockerfile: string, own: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const lines = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ').split('\n');
  const start = lines.findIndex((line) => /^FROM\s+\S+\s+AS\s+runtime\b/i.test(line));
  const env: Record<string, string> = {};
  if (start < 0) return env;
  for (const line of lines.slice(start + 1)) {
    if (/^FROM\s/i.test(line)) break;
    const match = /^ENV\s+(.+)$/i.exec(line.trim());
    if (!match) continue;
    for (const [, name, quoted, bare] of match[1].matchAll(/(\w+)=(?:"([^"]*)"|(\S*))/g)) {
      if (own[name] === undefined && name !== 'NODE_ENV') env[name] = quoted ?? bare;
    }
  }
  return env;
}
