import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildOnce } from './processes';

const ROOT = path.resolve(__dirname, '../../..');

/** The packages a compiled module loads (CommonJS), as the process that runs it would. */
function packagesLoadedBy(compiledModule: string): string[] {
  const script = `require(${JSON.stringify(path.join(ROOT, compiledModule))});
    const names = new Set(Object.keys(require.cache).map((f) => (f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/) || [])[1]).filter(Boolean));
    process.stdout.write(JSON.stringify([...names]));`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as string[];
}

describe('what the gateway process loads', () => {
  beforeAll(() => buildOnce());

  it('loads no database code: no TypeORM, pg or migrations (it owns no schema; each module is memory held all its life)', () => {
    const loaded = packagesLoadedBy('dist/apps/gateway/src/gateway.bootstrap.js');
    expect(loaded).toEqual(expect.arrayContaining(['fastify', 'ioredis']));
    expect(loaded).not.toContain('typeorm');
    expect(loaded).not.toContain('pg');
  });
});
