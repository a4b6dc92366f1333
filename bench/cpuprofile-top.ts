// Summarises a V8 .cpuprofile: the functions with the most self time, the most inclusive time,
// and self time by package (node_modules/<pkg>, node internals, this repo's files).
//   node dist/bench/cpuprofile-top.js <file.cpuprofile> [top N]
//   node dist/bench/cpuprofile-top.js <file.cpuprofile> <top N> <function name> [depth]   (its callers)
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Row {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled wall time, ms. */
  totalMs: number;
  /** Time the thread was busy (not idle), ms. */
  busyMs: number;
  self: Row[];
  inclusive: Row[];
  packages: Row[];
}

const ROOT = process.cwd();

function where(frame: CallFrame): string {
  let url = frame.url.replace(/^file:\/\//, '');
  if (url.startsWith(ROOT + '/')) url = url.slice(ROOT.length + 1);
  return url ? `${url}:${frame.lineNumber + 1}` : '';
}

function functionKey(frame: CallFrame): string {
  const loc = where(frame);
  return `${frame.functionName || '(anonymous)'}${loc ? ` ${loc}` : ''}`;
}

function packageOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const relative = url.startsWith(ROOT + '/') ? url.slice(ROOT.length + 1) : url;
  const parts = relative.split('/');
  // dist/apps/gateway/src/x.js -> apps/gateway, dist/libs/messaging/src/x.js -> libs/messaging
  if (parts[0] === 'dist' && parts.length > 2) return `${parts[1]}/${parts[2]}`;
  return relative;
}

function top(map: Map<string, number>, busyMs: number, n: number): Row[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyMs ? us / 1000 / busyMs : 0 }));
}

export function summarise(profile: CpuProfile, n = 25): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  profile.samples.forEach((id, i) => {
    // A sample's time is the delta to the next sample.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id);
    if (!node || delta <= 0) return;
    totalUs += delta;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleUs += delta;
      return;
    }
    const key = functionKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + delta);
    const pkg = packageOf(node.callFrame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
    const seen = new Set<string>();
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const k = functionKey(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
    }
  });
  const busyMs = (totalUs - idleUs) / 1000;
  return {
    totalMs: totalUs / 1000,
    busyMs,
    self: top(self, busyMs, n),
    inclusive: top(inclusive, busyMs, n),
    packages: top(packages, busyMs, n),
  };
}

/** Where the self time of the functions matching `match` comes from: their nearest callers. */
export function callers(profile: CpuProfile, match: string, depth = 6, n = 10): Row[] {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const paths = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id);
    if (!node || delta <= 0 || node.callFrame.functionName === '(idle)') return;
    totalUs += delta;
    if (!functionKey(node.callFrame).includes(match)) return;
    const chain: string[] = [];
    for (let cursor = parent.get(id); cursor !== undefined && chain.length < depth; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor)?.callFrame;
      if (!frame || frame.functionName === '(root)') break;
      chain.push(functionKey(frame));
    }
    const key = `${functionKey(node.callFrame)}\n      <- ${chain.join('\n      <- ')}`;
    paths.set(key, (paths.get(key) ?? 0) + delta);
  });
  return top(paths, totalUs / 1000, n);
}

export function formatSummary(title: string, s: ProfileSummary): string {
  const rows = (label: string, list: Row[]) =>
    [`  ${label}`, ...list.map((r) => `    ${r.ms.toFixed(0).padStart(7)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`)].join(
      '\n',
    );
  return [
    `${title}: ${s.totalMs.toFixed(0)} ms sampled, ${s.busyMs.toFixed(0)} ms busy (JS + GC; '(program)' = unattributed native work); shares are of busy time`,
    rows('self time by package', s.packages),
    rows('self time by function', s.self),
    rows('inclusive time by function', s.inclusive),
  ].join('\n');
}

if (require.main === module) {
  const [file, n, match, depth] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/cpuprofile-top.js <file.cpuprofile> [top N] [function to show the callers of] [depth]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  if (match) {
    for (const row of callers(profile, match, Number(depth) || 6, Number(n) || 10)) {
      process.stdout.write(`${row.ms.toFixed(0).padStart(7)} ms ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}\n`);
    }
  } else {
    process.stdout.write(`${formatSummary(file, summarise(profile, Number(n) || 25))}\n`);
  }
}
