import fs from 'node:fs';

/** What a server error's body must never carry: a stack frame or a statement. */
export const STACK_OR_SQL = /\bat \S+ \(|node_modules|\.ts:\d+|SELECT |INSERT INTO|UPDATE \S+ SET|QueryFailedError|duplicate key value/;

/**
 * Everything this process writes to stdout and stderr (the fleet's services run in it, and their
 * loggers write to fd 1 with `fs.write`), kept for a test to read while it still goes out.
 */
export class LogCapture {
  private readonly chunks: string[] = [];
  private restore: (() => void) | null = null;

  start(): void {
    if (this.restore) return;
    const { write, writeSync } = fs;
    const keep = (fd: unknown, data: unknown) => {
      if ((fd === 1 || fd === 2) && (typeof data === 'string' || Buffer.isBuffer(data))) this.chunks.push(data.toString());
    };
    const patchedWrite = ((fd: number, data: unknown, ...rest: unknown[]) => {
      keep(fd, data);
      return (write as (...args: unknown[]) => void)(fd, data, ...rest);
    }) as typeof fs.write;
    const patchedWriteSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
      keep(fd, data);
      return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
    }) as typeof fs.writeSync;
    fs.write = patchedWrite;
    fs.writeSync = patchedWriteSync;
    this.restore = () => {
      fs.write = write;
      fs.writeSync = writeSync;
    };
  }

  stop(): void {
    this.restore?.();
    this.restore = null;
  }

  /** The lines written so far. */
  lines(): string[] {
    return this.chunks.join('').split('\n').filter(Boolean);
  }
}
