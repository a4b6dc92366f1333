import { execFile } from 'node:child_process';
import * as path from 'node:path';

/*
 * Jest only transpiles (tools/jest-transformer.js), so a type error in a spec, or anywhere else,
 * would otherwise pass `npm test`. This runs the compiler over every .ts file tsconfig.json
 * includes (apps, libs, scripts, test, bench), specs included, and fails with its errors.
 */

const ROOT = path.resolve(__dirname, '../..');

interface CompilerRun {
  exitCode: number;
  output: string;
}

function typeCheck(): Promise<CompilerRun> {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [tsc, '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ exitCode: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('TypeScript', () => {
  it('finds no type error in any file of the repository', async () => {
    const { exitCode, output } = await typeCheck();
    // One line per diagnostic, `file(line,col): error TSnnnn: message`, so a failure names them all.
    const errors = output.split('\n').filter((line) => line.trim() !== '');
    expect(errors).toEqual([]);
    expect(exitCode).toBe(0);
  }, 300_000);
});
