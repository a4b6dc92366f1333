// The bench's figures as text: one aligned Markdown document, printed and appended to RESULTS.md.
import type { CpuUsage, Memory } from './proc-stats';
import type { LoadResult } from './load';
import { FLEET_APP_NAMES } from '../scripts/fleet';

export interface ScenarioSummary {
  id: number;
  label: string;
  connections: number;
  rounds: LoadResult[];
  cpu: CpuUsage[];
  /** Per round: how long after the load the fleet was quiet again (the scenario's events consumed). */
  drainMs: number[];
}

export interface BenchReport {
  date: string;
  commit: string;
  machine: string;
  node: string;
  method: string;
  scenarios: ScenarioSummary[];
  /** Processes in the order shown. */
  processes: string[];
  memory: {
    name: string;
    idle: Memory | null;
    afterLoad: Memory | null;
    previous?: { idle: number | null; afterLoad: number | null } | null;
  }[];
  coldStart: { readyMs: number; gatewayListeningMs: number | null; authListeningMs: number | null; migrateMs: number };
  loadAverage: { before: number[]; after: number[] };
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU time of the serving side (our servers, NATS, Redis, the bench database) per request, ms. */
  cpuMsPerRequest: number;
  /**
   * 2xx answers over the load and then the drain (until the fleet is quiet again): what the
   * fleet sustains when each request's events must be consumed too, not left as a backlog.
   */
  sustainedRps: number;
  drainSeconds: number;
}

/** Cores the serving side used: every app but the load generator, plus NATS, Redis and Postgres. */
export function servingCores(cpu: CpuUsage): number {
  const ours = Object.entries(cpu.ours).reduce((sum, [name, cores]) => (name === 'bench' ? sum : sum + cores), 0);
  return ours + cpu.infra.nats + cpu.infra.redis + cpu.infra.postgres;
}

export function figures(s: ScenarioSummary): Figures {
  return {
    rps: median(s.rounds.map((r) => r.rps)),
    p50: median(s.rounds.map((r) => r.p50)),
    p99: median(s.rounds.map((r) => r.p99)),
    errors: s.rounds.reduce((n, r) => n + r.errors, 0),
    non2xx: s.rounds.reduce((n, r) => n + r.non2xx, 0),
    cpuMsPerRequest: median(s.rounds.map((r, i) => (s.cpu[i] ? (servingCores(s.cpu[i]) * 1000) / r.rps : NaN))),
    sustainedRps: median(s.rounds.map((r, i) => (r.rps * r.seconds) / (r.seconds + (s.drainMs[i] ?? NaN) / 1000))),
    drainSeconds: median(s.drainMs.map((ms) => ms / 1000)),
  };
}

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned[i] ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');

export interface Verdict {
  target: string;
  value: string;
  met: boolean;
}

export function verdicts(report: BenchReport): Verdict[] {
  const by = new Map(report.scenarios.map((s) => [s.id, figures(s)]));
  const two = by.get(2);
  const four = by.get(4);
  const ratio = two && four ? four.rps / two.rps : NaN;
  const out: Verdict[] = [
    { target: 'ratio 4/2 >= 0.6 (goal 0.8)', value: f2(ratio), met: ratio >= 0.6 },
    {
      target: 'p99 of 4 < 4 x its p50 (50 connections)',
      value: four ? `${f2(four.p99 / four.p50)}x` : '-',
      met: !!four && four.p99 < 4 * four.p50,
    },
  ];
  const failures = report.scenarios.map((s) => ({ id: s.id, f: figures(s) })).filter(({ f }) => f.errors + f.non2xx > 0);
  out.push({
    target: 'no errors, no non-2xx',
    value: failures.length ? failures.map(({ id, f }) => `#${id}: ${f.errors} errors, ${f.non2xx} non-2xx`).join('; ') : '0',
    met: failures.length === 0,
  });
  const floor = by.get(10);
  const write = by.get(11);
  if (floor && write) {
    out.push({
      target: 'ratio 11/10 >= 0.5 (order write vs its floor)',
      value: f2(write.rps / floor.rps),
      met: write.rps / floor.rps >= 0.5,
    });
    out.push({ target: 'p99 of 11 < 4 x its p50', value: `${f2(write.p99 / write.p50)}x`, met: write.p99 < 4 * write.p50 });
  }
  for (const id of [3, 4, 6, 7, 8, 9, 13, 14, 15]) {
    const f = by.get(id);
    if (!f || !two) continue;
    out.push({ target: `ratio ${id}/2 >= 0.5 (one-hop floor)`, value: f2(f.rps / two.rps), met: f.rps / two.rps >= 0.5 });
  }
  for (const m of report.memory.filter((m) => FLEET_APP_NAMES.includes(m.name))) {
    out.push({
      target: `RSS of ${m.name} < 100 MB idle, < 150 MB after load`,
      value: `${m.idle ? f0(m.idle.rssMb) : '-'} / ${m.afterLoad ? f0(m.afterLoad.rssMb) : '-'} MB`,
      met: !!m.idle && !!m.afterLoad && m.idle.rssMb < 100 && m.afterLoad.rssMb < 150,
    });
    out.push({
      target: `private memory (USS) of ${m.name} < 100 MB idle, < 150 MB after load`,
      value: `${f0(m.idle?.privateMb ?? NaN)} / ${f0(m.afterLoad?.privateMb ?? NaN)} MB`,
      met: (m.idle?.privateMb ?? Infinity) < 100 && (m.afterLoad?.privateMb ?? Infinity) < 150,
    });
  }
  out.push({
    target: 'fleet ready within 20 s of start',
    value: `${f1(report.coldStart.readyMs / 1000)} s`,
    met: report.coldStart.readyMs <= 20_000,
  });
  return out;
}

export function renderReport(report: BenchReport): string {
  const by = new Map(report.scenarios.map((s) => [s.id, figures(s)]));
  const main = table(
    ['#', 'scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'p99/p50', 'errors', 'non-2xx', 'CPU ms/req', 'req/s by round'],
    report.scenarios.map((s) => {
      const f = figures(s);
      return [
        String(s.id),
        s.label,
        String(s.connections),
        f0(f.rps),
        f2(f.p50),
        f2(f.p99),
        f1(f.p99 / f.p50),
        String(f.errors),
        String(f.non2xx),
        f2(f.cpuMsPerRequest),
        s.rounds.map((r) => f0(r.rps)).join(' / '),
      ];
    }),
    [true, false, true, true, true, true, true, true, true, true, false],
  );
  const ratio = (a: number, b: number) => {
    const x = by.get(a);
    const y = by.get(b);
    return x && y ? f2(x.rps / y.rps) : '-';
  };
  // A write's events are consumed by other services (history, notices, pushes); a 5 s burst can
  // leave that work as a backlog after its window, the faster scenario more of it.
  const sustained = () => {
    const floor = by.get(10);
    const write = by.get(11);
    if (!floor || !write) return '';
    return (
      `Sustained, each round charged for consuming its own events (2xx answers over the load plus the time until the fleet was quiet again): ` +
      `#10 ${f0(floor.sustainedRps)} req/s (drain ${f1(floor.drainSeconds)} s), #11 ${f0(write.sustainedRps)} req/s (drain ${f1(write.drainSeconds)} s), ` +
      `11/10 = ${f2(write.sustainedRps / floor.sustainedRps)}.`
    );
  };
  // The apps without a column of their own (the newer services, the stand-ins): for a write,
  // mostly the consumers of its events.
  const restOfFleet = (c: CpuUsage) =>
    Object.entries(c.ours).reduce((sum, [name, cores]) => (report.processes.includes(name) ? sum : sum + cores), 0);
  const cpu = table(
    ['#', ...report.processes, 'rest of fleet', 'nats-server', 'redis', 'postgres', 'other procs'],
    report.scenarios.map((s) => [
      String(s.id),
      ...report.processes.map((p) => f2(median(s.cpu.map((c) => c.ours[p] ?? 0)))),
      f2(median(s.cpu.map(restOfFleet))),
      f2(median(s.cpu.map((c) => c.infra.nats))),
      f2(median(s.cpu.map((c) => c.infra.redis))),
      f2(median(s.cpu.map((c) => c.infra.postgres))),
      f2(median(s.cpu.map((c) => c.other))),
    ]),
    [true, ...report.processes.map(() => true), true, true, true, true, true],
  );
  const fleet = report.memory.filter((m) => FLEET_APP_NAMES.includes(m.name));
  const sum = (pick: (m: (typeof fleet)[number]) => number | null | undefined) =>
    fleet.every((m) => Number.isFinite(pick(m) ?? NaN)) ? fleet.reduce((t, m) => t + (pick(m) ?? 0), 0) : NaN;
  const memory = table(
    [
      'process',
      'idle RSS',
      'private',
      'PSS',
      'heap used',
      'external',
      'after load RSS',
      'private',
      'PSS',
      'heap used',
      'heap total',
      'external',
      'peak RSS',
      'previous run: idle RSS',
      'after load RSS',
    ],
    [
      ...report.memory.map((m) => [
        m.name,
        f0(m.idle?.rssMb ?? NaN),
        f0(m.idle?.privateMb ?? NaN),
        f0(m.idle?.pssMb ?? NaN),
        f0(m.idle?.heapUsedMb ?? NaN),
        f0(m.idle?.externalMb ?? NaN),
        f0(m.afterLoad?.rssMb ?? NaN),
        f0(m.afterLoad?.privateMb ?? NaN),
        f0(m.afterLoad?.pssMb ?? NaN),
        f0(m.afterLoad?.heapUsedMb ?? NaN),
        f0(m.afterLoad?.heapTotalMb ?? NaN),
        f0(m.afterLoad?.externalMb ?? NaN),
        f0(m.afterLoad?.peakMb ?? NaN),
        f0(m.previous?.idle ?? NaN),
        f0(m.previous?.afterLoad ?? NaN),
      ]),
      [
        `**fleet (${fleet.length} services)**`,
        f0(sum((m) => m.idle?.rssMb)),
        f0(sum((m) => m.idle?.privateMb)),
        f0(sum((m) => m.idle?.pssMb)),
        '',
        '',
        f0(sum((m) => m.afterLoad?.rssMb)),
        f0(sum((m) => m.afterLoad?.privateMb)),
        f0(sum((m) => m.afterLoad?.pssMb)),
        '',
        '',
        '',
        '',
        f0(sum((m) => m.previous?.idle)),
        f0(sum((m) => m.previous?.afterLoad)),
      ],
    ],
    [false, true, true, true, true, true, true, true, true, true, true, true, true, true, true],
  );
  const targets = table(
    ['target', 'measured', 'met'],
    verdicts(report).map((v) => [v.target, v.value, v.met ? 'yes' : 'NO']),
    [false, false, false],
  );
  const cs = report.coldStart;
  const otherLoad = median(report.scenarios.flatMap((s) => s.cpu.map((c) => c.other)));
  return [
    `### ${report.date} — commit ${report.commit}`,
    '',
    `Machine: ${report.machine}; node ${report.node}. Load average before ${report.loadAverage.before.map(f2).join(' ')}, after ${report.loadAverage.after.map(f2).join(' ')}.`,
    `Method: ${report.method}`,
    '',
    main,
    '',
    `Ratios of req/s: 3/2 = ${ratio(3, 2)}, 4/2 = ${ratio(4, 2)}, 6/2 = ${ratio(6, 2)}, 7/2 = ${ratio(7, 2)}, 8/2 = ${ratio(8, 2)}, 9/2 = ${ratio(9, 2)}, 13/2 = ${ratio(13, 2)}, 14/2 = ${ratio(14, 2)}, 15/2 = ${ratio(15, 2)}, 11/10 = ${ratio(11, 10)} (and 2/1 = ${ratio(2, 1)}). ` +
      `"CPU ms/req" is the serving side's CPU time per request (every process of the scenario but the load generator, plus nats-server, ` +
      `Redis and the bench database's Postgres backends): with 2 cores shared by everything, it is what req/s mostly follows, and it is ` +
      `much less disturbed by other work on the machine than req/s.`,
    '',
    sustained(),
    '',
    `CPU used during each scenario, in cores (median of rounds; the machine has 2). "bench" is the load generator:`,
    '',
    cpu,
    '',
    otherLoad > 0.15
      ? `**Perturbed:** processes outside the bench used a median ${f2(otherLoad)} cores during the load; the figures are noisier and lower than on a quiet machine.`
      : `Other processes used a median ${f2(otherLoad)} cores during the load (quiet enough).`,
    '',
    'Memory, MB (RSS from /proc; heap used and external as each process reports them; "previous run" is the last `npm run bench` on this checkout):',
    '',
    memory,
    '',
    `Cold start: auth + gateway spawned → gateway /health/ready 200 in **${f1(cs.readyMs / 1000)} s** ` +
      `(gateway listening after ${cs.gatewayListeningMs === null ? '-' : f1(cs.gatewayListeningMs / 1000)} s, auth after ${cs.authListeningMs === null ? '-' : f1(cs.authListeningMs / 1000)} s; ` +
      `provisioning + migrating the fresh database before that took ${f1(cs.migrateMs / 1000)} s).`,
    '',
    targets,
    '',
  ].join('\n');
}
