import 'reflect-metadata';
import { eventually, TestFleet } from '@sf/testing';
import { startFleet } from '../fleet';
import { AppProcess, buildOnce, processStarter } from './processes';

/*
 * Two replicas of a service under load; one is sent SIGTERM. Its readiness turns 503 at once
 * while liveness stays 200; it stops taking requests (the queue group routes them to the other
 * replica), finishes those in flight and exits 0. No request through the gateway fails.
 */
describe('graceful drain on SIGTERM', () => {
  const processes: AppProcess[] = [];
  let fleet: TestFleet;

  beforeAll(async () => {
    buildOnce();
    ({ fleet } = await startFleet([processStarter('auth', processes)], { SHUTDOWN_DELAY_MS: '1000', SHUTDOWN_GRACE_MS: '8000' }));
    processes.push(await AppProcess.start('auth', fleet.env));
  }, 240_000);
  afterAll(async () => {
    for (const p of processes) await p.close();
    await fleet?.close();
  });

  it('drains one of two replicas under load without a failed request and exits 0', async () => {
    const [victim, survivor] = processes;
    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        try {
          const response = await fetch(`${fleet.baseUrl}/api/auth/me`, { headers: { authorization: 'Bearer demo_token' } });
          const text = await response.text();
          if (response.status === 200) ok++;
          else failures.push(`${response.status} ${text}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const workers = Array.from({ length: 8 }, () => worker());
    try {
      await eventually(async () => expect(ok).toBeGreaterThan(100), 20_000);
      victim.child.kill('SIGTERM');
      // Readiness turns 503 during the delay, while liveness stays 200.
      await eventually(async () => expect((await fetch(`${victim.healthUrl}/health/ready`)).status).toBe(503), 800, 20);
      expect((await fetch(`${victim.healthUrl}/health/live`)).status).toBe(200);
      // Exit 0 means it finished within its grace period (past it, it exits 1).
      expect(await victim.exited).toEqual({ code: 0, signal: null });
      const afterExit = ok;
      await eventually(async () => expect(ok).toBeGreaterThan(afterExit + 100), 20_000);
    } finally {
      running = false;
      await Promise.all(workers);
    }
    expect(failures).toEqual([]);
    expect(survivor.child.exitCode).toBeNull();
    const messages = victim.json().map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['draining: readiness is 503', 'stopped']));
  });
});
