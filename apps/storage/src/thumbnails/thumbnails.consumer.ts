import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { EventOf, StorageThumbnailsFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { ObjectStore } from '../s3/object-store';
import { STORAGE_LOGGER } from '../storage.tokens';
import { makeThumbnail, UndecodableImage } from './thumbnail-maker';

/**
 * Makes each image's thumbnail once, after its `file.uploaded` event: a durable consumer, so a
 * crash or an S3 hiccup means a retry, and the inbox means never twice. The file's row is
 * locked meanwhile, so a deletion waits for the thumbnail and then removes it too.
 */
@Injectable()
export class ThumbnailsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly store: ObjectStore,
    @Inject(STORAGE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(StorageThumbnailsFeed, (event, manager) => this.make(event, manager));
  }

  async make(event: EventOf<(typeof StorageThumbnailsFeed)['reads']>, manager: EntityManager): Promise<void> {
    if (event.data.category !== 'image') return;
    const [file] = (await manager.query(
      `SELECT id, object_key, preview_key FROM files WHERE id = $1 AND status = 'ready' AND preview_status = 'pending' FOR UPDATE`,
      [event.data.file_id],
    )) as { id: string; object_key: string; preview_key: string }[];
    if (!file) return; // deleted meanwhile, or made already
    let thumbnail: Buffer;
    try {
      thumbnail = await makeThumbnail(await this.store.read(file.object_key));
    } catch (error) {
      if (!(error instanceof UndecodableImage)) throw error;
      this.logger.warn({ file_id: file.id, err: error.message }, 'image could not be decoded; it has no preview');
      await manager.query(`UPDATE files SET preview_status = 'failed' WHERE id = $1`, [file.id]);
      return;
    }
    await this.store.put(file.preview_key, thumbnail, 'image/webp');
    await manager.query(`UPDATE files SET preview_status = 'ready' WHERE id = $1`, [file.id]);
  }
}
