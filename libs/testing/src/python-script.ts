import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Runs a Python script of the tests (a seed client, a workflow driver) with python3 and answers
 * the JSON it prints. Loopback is never proxied; `env` adds variables (e.g. `PYTHONPATH`).
 */
export function runPythonScript<T = unknown>(
  script: string,
  args: string[],
  options: { timeoutMs: number; env?: Record<string, string> },
): Promise<T> {
  const name = `python3 ${path.basename(script)}`;
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [script, ...args],
      {
        timeout: options.timeoutMs,
        env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...options.env },
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${name} failed: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout) as T);
        } catch {
          reject(new Error(`${name} printed no JSON: ${stdout}\n${stderr}`));
        }
      },
    );
  });
}
