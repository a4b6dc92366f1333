import { eventually } from '@sf/testing';
import { Supervisor } from '../../scripts/supervisor';

/** `npm start`'s supervisor: one crashed app is restarted, the others never notice. */
describe('the npm start supervisor', () => {
  let supervisor: Supervisor;
  const lines: string[] = [];

  beforeEach(() => {
    lines.length = 0;
    supervisor = new Supervisor({ initialDelayMs: 100, maxDelayMs: 400, healthyAfterMs: 60_000, log: (line) => lines.push(line) });
  });
  afterEach(() => supervisor.stop(1000));

  const longRunning = { nodeArgs: ['-e'], entry: 'setInterval(() => {}, 1000)', env: process.env };

  it('restarts an app killed with SIGKILL, and leaves the other apps running', async () => {
    supervisor.start({ name: 'payment', ...longRunning });
    supervisor.start({ name: 'auth', ...longRunning });
    const [payment, auth] = [supervisor.pidOf('payment')!, supervisor.pidOf('auth')!];
    process.kill(payment, 'SIGKILL');
    await eventually(async () => expect(supervisor.pidOf('payment')).not.toBe(payment), 5000);
    expect(() => process.kill(supervisor.pidOf('payment')!, 0)).not.toThrow(); // alive
    expect(supervisor.pidOf('auth')).toBe(auth);
    expect(supervisor.restartsOf('auth')).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^payment exited \(SIGKILL\); restarting it in 0\.1 s/)]);
  });

  it('backs off an app that keeps crashing, doubling the delay up to the cap', async () => {
    supervisor.start({ name: 'broken', nodeArgs: ['-e'], entry: 'process.exit(3)', env: process.env });
    await eventually(async () => expect(supervisor.restartsOf('broken')).toBeGreaterThanOrEqual(4), 10_000);
    expect(lines.slice(0, 4).map((line) => /in ([\d.]+) s/.exec(line)?.[1])).toEqual(['0.1', '0.2', '0.4', '0.4']);
    expect(lines[0]).toContain('exited (code 3)');
  });

  it('starts nothing again once stopping', async () => {
    supervisor.start({ name: 'auth', ...longRunning });
    await supervisor.stop(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(supervisor.restartsOf('auth')).toBe(0);
    expect(lines).toEqual([]);
  });
});
