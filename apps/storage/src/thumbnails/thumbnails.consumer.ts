import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { EventOf, StorageThumbnailsFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';

type FileUploaded = EventOf<(typeof StorageThumbnailsFeed)['reads']>;
import { ObjectStore } from '../s3/object-store';
import { STORAGE_LOGGER } from '../storage.tokens';
import { makeThumbnail, UndecodableImage } from './thumbnail-maker';

/** What making a thumbnail came to: the preview is stored, or the image could not be decoded. */
type PreviewOutcome = 'ready' | 'failed';

interface PendingPreview {
  id: string;
  object_key: string;
  preview_key: string;
}

/**
 * Makes each image's thumbnail once, after its `file.uploaded` event: a durable consumer, so a
 * crash or an S3 hiccup means a retry, and the inbox means never twice. S3 is read and written
 * before the inbox transaction (the consumer's `prepare`), never inside it; the transaction then
 * records the outcome if the file is still there. A thumbnail stored while the file was being
 * deleted is deleted again, so none outlives its file.
 */
@Injectable()
export class ThumbnailsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly store: ObjectStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STORAGE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(StorageThumbnailsFeed, {
      prepare: (event) => this.make(event),
      handle: (event, manager, outcome) => this.record(event, manager, outcome ?? null),
    });
  }

  private async pending(fileId: string): Promise<PendingPreview | undefined> {
    const [file] = (await this.dataSource.query(
      `SELECT id, object_key, preview_key FROM files WHERE id = $1 AND status = 'ready' AND preview_status = 'pending'`,
      [fileId],
    )) as PendingPreview[];
    return file;
  }

  /** Stores the thumbnail (the same key each time, so a repeat only overwrites it). */
  async make(event: FileUploaded): Promise<PreviewOutcome | null> {
    if (event.data.category !== 'image') return null;
    const file = await this.pending(event.data.file_id);
    if (!file) return null; // deleted meanwhile, or made already
    let thumbnail: Buffer;
    try {
      thumbnail = await makeThumbnail(await this.store.read(file.object_key));
    } catch (error) {
      if (!(error instanceof UndecodableImage)) throw error;
      this.logger.warn({ file_id: file.id, err: error.message }, 'image could not be decoded; it has no preview');
      return 'failed';
    }
    await this.store.put(file.preview_key, thumbnail, 'image/webp');
    // A deletion marks the row before it empties the file's prefix: a row no longer there or
    // ready means that emptying may have run before the put, so the thumbnail goes too.
    const [still] = (await this.dataSource.query(`SELECT 1 FROM files WHERE id = $1 AND status = 'ready'`, [file.id])) as unknown[];
    if (!still) {
      await this.store.deletePrefix(file.preview_key);
      return null;
    }
    return 'ready';
  }

  private async record(event: FileUploaded, manager: EntityManager, outcome: PreviewOutcome | null): Promise<void> {
    if (!outcome) return;
    await manager.query(`UPDATE files SET preview_status = $2 WHERE id = $1 AND status = 'ready' AND preview_status = 'pending'`, [
      event.data.file_id,
      outcome,
    ]);
  }
}
