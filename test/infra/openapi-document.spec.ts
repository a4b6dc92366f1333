import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderOpenApiDocument } from '../../scripts/openapi';

const ROOT = resolve(__dirname, '..', '..');

describe('the committed openapi.json', () => {
  it('is what `npm run openapi` writes from the declarations (run it after changing an endpoint)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(renderOpenApiDocument()));
  });

  it('passes `@redocly/cli lint` without errors', async () => {
    const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const result = await new Promise<{ code: number; output: string }>((done) => {
      execFile(
        process.execPath,
        [cli, 'lint', 'openapi.json', '--format=summary'],
        { cwd: ROOT, timeout: 55_000, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
        (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
      );
    });
    expect({ code: result.code, errors: result.output.split('\n').filter((l) => /^\s*error\b/.test(l)) }).toEqual({ code: 0, errors: [] });
    expect(result.output).toContain('valid');
  });
});
