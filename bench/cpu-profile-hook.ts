// Preloaded (`node -r dist/bench/cpu-profile-hook.js`) into the apps the bench profiles, when
// BENCH_CPU_PROF_DIR is set. The IPC message 'bench:profile-start' starts V8's CPU profiler,
// 'bench:profile-stop' writes <dir>/<BENCH_APP_NAME>-<pid>.cpuprofile, so only the load window is
// profiled. (`--cpu-prof` writes its profile at exit only, and Nest ends a process on SIGTERM by
// re-raising the signal, which writes nothing; signals cannot be used either: Nest's shutdown
// hooks stop the app on SIGUSR2 too.)
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

// 'bench:memory' is answered with V8's heap and external memory (RSS alone does not say which grew).
process.on('message', (message) => {
  if (message !== 'bench:memory' || !process.send) return;
  const usage = process.memoryUsage();
  const mb = (bytes: number) => bytes / 1024 / 1024;
  process.send({ kind: 'bench:memory', heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external) });
});

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const name = process.env.BENCH_APP_NAME || 'app';
  const interval = Number(process.env.BENCH_CPU_PROF_INTERVAL_US || 250);
  let running = false;
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  process.on('message', (message) => {
    if (message === 'bench:profile-start' && !running) {
      running = true;
      void post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval }))
        .then(() => post('Profiler.start'));
      return;
    }
    if (message !== 'bench:profile-stop' || !running) return;
    running = false;
    void post('Profiler.stop').then((result) => {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}-${process.pid}.cpuprofile`);
      writeFileSync(`${file}.tmp`, JSON.stringify((result as { profile: unknown }).profile));
      // Renamed into place so that the bench never reads half a file.
      renameSync(`${file}.tmp`, file);
    });
  });
}
