import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { Store, StoreDump } from './store';

/** A JSON mirror of the store, so `npm start` keeps its state across restarts. Writes are batched. */
export class StateFile {
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** Saves soon (changes made meanwhile go in the same write). */
  schedule(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, 200);
    this.saveTimer.unref();
  }

  /** Writes now what waited to be written. */
  flush(): void {
    if (!this.saveTimer) return;
    clearTimeout(this.saveTimer);
    this.save();
  }

  load(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return; // first run
    }
    try {
      this.store.restore(JSON.parse(text) as Partial<StoreDump>);
    } catch (error) {
      this.logger.warn({ err: String(error), file: this.file }, 'ignoring unreadable local stripe state');
    }
  }

  private save(): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(`${this.file}.tmp`, JSON.stringify(this.store.dump()));
      renameSync(`${this.file}.tmp`, this.file);
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'could not save local stripe state');
    }
  }
}
