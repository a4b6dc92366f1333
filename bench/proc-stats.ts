// Linux /proc readings: a process's resident memory, and CPU time by process group over a window
// (ours, the infrastructure servers, everything else), to see how busy the machine was.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface Memory {
  /** Resident set size, MB. */
  rssMb: number;
  /** Peak resident set size since start, MB. */
  peakMb: number;
  /**
   * Resident pages only this process holds (USS), and its proportional share of the shared ones
   * (PSS), MB. RSS also counts the Node binary's pages every Node process shares (60-65 MB once a
   * Nest app has loaded), so the fleet's real footprint is the sum of PSS, not of RSS.
   */
  privateMb?: number;
  pssMb?: number;
  /** V8's heap in use and reserved, and memory outside it (Buffers, native), MB, as the process reports them. */
  heapUsedMb?: number;
  heapTotalMb?: number;
  externalMb?: number;
}

export function memoryOf(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const memory: Memory = { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN) / 1024;
      memory.privateMb = field('Private_Dirty') + field('Private_Clean');
      memory.pssMb = field('Pss');
    } catch {
      // smaps_rollup needs Linux 4.14 and the same user; RSS alone then.
    }
    return memory;
  } catch {
    return null;
  }
}

/** utime + stime in ticks, and the command name; null when the process is gone. */
function cpuTicksOf(pid: number): { ticks: number; comm: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return { ticks: Number(fields[11]) + Number(fields[12]), comm };
  } catch {
    return null;
  }
}

const INFRA: Record<string, string> = { 'nats-server': 'nats', 'redis-server': 'redis', postgres: 'postgres' };

export interface CpuSnapshot {
  at: number;
  perPid: Map<number, { ticks: number; comm: string }>;
}

/** A Postgres backend serving another database than ours belongs to someone else's work. */
function foreignPostgresBackend(pid: number, database: string): boolean {
  try {
    // e.g. "postgres: 15/main: auth softfactory_bench 127.0.0.1(39322) idle"
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const backend = /^postgres: \S+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title);
    return !!backend && backend[1] !== database;
  } catch {
    return false;
  }
}

/** CPU time of every process; Postgres backends of other databases than `database` count as other work. */
export function cpuSnapshot(database = 'softfactory_bench'): CpuSnapshot {
  const perPid = new Map<number, { ticks: number; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const reading = cpuTicksOf(pid);
    if (!reading) continue;
    if (reading.comm === 'postgres' && foreignPostgresBackend(pid, database)) reading.comm = 'postgres:other';
    perPid.set(pid, reading);
  }
  return { at: performance.now(), perPid };
}

export interface CpuUsage {
  /** Cores used over the window by each named process of ours. */
  ours: Record<string, number>;
  /** Cores used by NATS, Redis and Postgres (shared with anything else using them). */
  infra: { nats: number; redis: number; postgres: number };
  /** Cores used by every other process on the machine (other work perturbing the run). */
  other: number;
}

/** CPU used between two snapshots, in cores; `named` maps our pids to names. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, named: Map<number, string>): CpuUsage {
  const seconds = (after.at - before.at) / 1000;
  const ours: Record<string, number> = {};
  const infra = { nats: 0, redis: 0, postgres: 0 };
  let other = 0;
  for (const [pid, now] of after.perPid) {
    const then = before.perPid.get(pid);
    const ticks = now.ticks - (then && then.comm === now.comm ? then.ticks : 0);
    if (ticks <= 0) continue;
    const cores = ticks / TICKS_PER_SECOND / seconds;
    const name = named.get(pid);
    if (name) ours[name] = (ours[name] ?? 0) + cores;
    else if (INFRA[now.comm]) infra[INFRA[now.comm] as keyof typeof infra] += cores;
    else other += cores;
  }
  return { ours, infra, other };
}
