import { randomBytes } from 'node:crypto';
import { StorageUnavailable } from '../s3/object-store';

/**
 * For the storage specs: the part of ObjectStore that removals and the sweeper use, in memory,
 * with S3 outages on demand (`failNext`). The real S3 path is covered end to end.
 */
export class MemoryObjectStore {
  readonly objects = new Map<string, Buffer>();
  readonly uploads = new Map<string, { key: string; initiated: Date }>();
  /** How many of the next calls fail as if S3 were down. */
  failNext = 0;

  private check(): void {
    if (this.failNext > 0) {
      this.failNext--;
      throw new StorageUnavailable(new Error('S3 is down (simulated)'));
    }
  }

  async put(key: string, body: Buffer): Promise<void> {
    this.check();
    this.objects.set(key, body);
  }

  /** Starts a multipart upload, `initiated` at the given time. */
  startUpload(key: string, initiated = new Date()): string {
    const uploadId = randomBytes(12).toString('hex');
    this.uploads.set(uploadId, { key, initiated });
    return uploadId;
  }

  async abortMultipartUpload(_key: string, uploadId: string): Promise<void> {
    this.check();
    this.uploads.delete(uploadId);
  }

  async deletePrefix(prefix: string): Promise<number> {
    this.check();
    const keys = this.keys(prefix);
    for (const key of keys) this.objects.delete(key);
    return keys.length;
  }

  async staleUploads(prefix: string, before: Date): Promise<{ key: string; uploadId: string }[]> {
    this.check();
    return [...this.uploads.entries()]
      .filter(([, u]) => u.key.startsWith(prefix) && u.initiated < before)
      .map(([uploadId, u]) => ({ key: u.key, uploadId }));
  }

  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
