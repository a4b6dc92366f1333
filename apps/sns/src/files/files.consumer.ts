import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SnsFilesFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { SnsFile } from './file.entity';

/** Keeps `files` from storage's events: a post may name a file by id only when its user owns it. */
@Injectable()
export class FilesConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(SnsFilesFeed, async (event, manager) => {
      if (event.type === 'file.uploaded') {
        const d = event.data;
        await manager.upsert(SnsFile, { fileId: d.file_id, userId: d.user_id, category: d.category, contentType: d.content_type }, [
          'fileId',
        ]);
      } else {
        await manager.delete(SnsFile, { fileId: event.data.file_id });
      }
    });
  }
}
