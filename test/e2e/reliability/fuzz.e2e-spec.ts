import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerUser } from '@sf/testing';
import { fuzz, FuzzReport, operationsOf } from '../../../reliability/fuzz';
import { FullFleet, startFullFleet } from '../full-fleet';

/** Cases per operation here; `npm run reliability` runs many more. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
/** FUZZ_ONLY='POST /api/v1/coocook/bookings' narrows a replay to the operations it matches. */
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;

describe('fuzzing every documented operation (fast-check, from the OpenAPI document)', () => {
  let env: FullFleet;

  beforeAll(async () => {
    env = await startFullFleet();
  }, 60_000);
  afterAll(() => env?.close());

  it(`answers no 5xx, no hang, only documented statuses and the envelope (seed ${SEED}; FUZZ_SEED=${SEED} replays it)`, async () => {
    const document = JSON.parse(readFileSync(join(__dirname, '../../../openapi.json'), 'utf8'));
    const report = await fuzz(
      document,
      env.api.baseUrl,
      { ownerToken: async () => (await registerUser(env.api)).accessToken },
      {
        runs: RUNS,
        seed: SEED,
        operations: operationsOf(document).filter((op) => !ONLY || ONLY.test(`${op.method} ${op.path}`)),
      },
    );
    if (process.env.RELIABILITY_RESULTS) appendResults(process.env.RELIABILITY_RESULTS, report, SEED, RUNS);
    if (!ONLY) expect(report.operations).toBeGreaterThan(100);
    expect(report.findings.map((f) => `${f.operation} (seed ${f.seed}): ${f.problem}\n  ${f.counterexample}`)).toEqual([]);
  }, 600_000);
});

/** `npm run reliability`: one table per run, with date and commit, printed and appended. */
function appendResults(file: string, report: FuzzReport, seed: number, runs: number): void {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const fiveXX = report.findings.filter((f) => /answered 5\d\d/.test(f.problem)).length;
  const hangs = report.findings.filter((f) => f.problem.includes('no answer')).length;
  const table = [
    `## ${new Date().toISOString()} · ${commit} · fuzz seed ${seed}`,
    '',
    '| check | operations | cases | failing operations | 5xx | hangs |',
    '|---|---|---|---|---|---|',
    `| fuzzing (owner, anonymous, tampered token; ${runs} cases per operation) | ${report.operations} | ${report.cases} | ${report.findings.length} | ${fiveXX} | ${hangs} |`,
    ...report.findings.map((f) => `| ✗ ${f.operation} | | | ${f.problem.replace(/\|/g, '/').slice(0, 200)} (seed ${f.seed}) | | |`),
    '',
  ].join('\n');
  process.stdout.write(`${table}\n`);
  appendFileSync(file, `${table}\n`);
}
