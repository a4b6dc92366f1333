import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ALL_ENDPOINTS } from '@sf/contracts';
import { GENERATED_FILES, renderPython, renderTypeScript, sdkOperations } from '../../scripts/sdk/generate-sdks';
import { NOT_IN_SDK, operationKey } from '../../scripts/sdk/naming';

const ROOT = resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const doc = () => JSON.parse(read('openapi.json'));

/** The canonical route of every declared endpoint an SDK must offer: `GET /api/v1/coocook/chefs/{id}`. */
const DECLARED = ALL_ENDPOINTS.filter((e) => !e.demoOnly)
  .map((e) => `${e.method} ${e.path.replace(/^\/api\//, '/api/v1/').replace(/:(\w+)/g, '{$1}')}`)
  .filter((route) => {
    const [method, path] = route.split(' ');
    return !NOT_IN_SDK[operationKey(method, path)];
  });

/** `METHOD path` of every call a generated SDK file makes. */
function calls(source: string, pattern: RegExp): Set<string> {
  return new Set([...source.matchAll(pattern)].map((m) => `${m[1]} ${m[2]}`));
}

describe('the SDKs', () => {
  it('are generated from the committed openapi.json (run `npm run sdk:generate` after changing it)', () => {
    const operations = sdkOperations(doc());
    expect(read(GENERATED_FILES.typescript)).toBe(renderTypeScript(operations));
    expect(read(GENERATED_FILES.python)).toBe(renderPython(operations));
  });

  it('carry TypeScript types that openapi-typescript makes from the same document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-schema-'));
    try {
      const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
      await new Promise<void>((done, fail) =>
        execFile(
          process.execPath,
          [cli, 'openapi.json', '-o', join(dir, 'schema.ts')],
          { cwd: ROOT, timeout: 55_000 },
          (error, _out, stderr) => (error ? fail(new Error(`openapi-typescript failed: ${stderr}`)) : done()),
        ),
      );
      expect(read('packages/sdk-ts/src/schema.ts')).toBe(readFileSync(join(dir, 'schema.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('have a method for every declared endpoint, in TypeScript and in Python', () => {
    expect(DECLARED.length).toBeGreaterThan(90);
    const typescript = calls(read(GENERATED_FILES.typescript), /transport\.call\('([A-Z]+)', '([^']+)'/g);
    const python = calls(read(GENERATED_FILES.python), /_transport\.call\("([A-Z]+)", "([^"]+)"/g);
    expect(DECLARED.filter((route) => !typescript.has(route))).toEqual([]);
    expect(DECLARED.filter((route) => !python.has(route))).toEqual([]);
  });

  it("use the seeds' names", () => {
    const typescript = read(GENERATED_FILES.typescript);
    const python = read(GENERATED_FILES.python);
    expect(typescript).toMatch(/class CoocookApi[\s\S]*\n {2}listChefs\(/);
    expect(typescript).toMatch(/class PaymentApi[\s\S]*\n {2}checkout\(/);
    expect(python).toMatch(/class CoocookApi[\s\S]*def book_chef\(/);
    expect(python).toMatch(/self\.coocook = CoocookApi/);
  });
});
