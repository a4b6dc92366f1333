import { Injectable } from '@nestjs/common';
import { Jobs } from '@sf/jobs';
import type { EntityManager } from 'typeorm';
import { QUEUES } from '../shared/queues';
import type { SnsPostTarget } from './post.entity';

/** The queue a due target is published from (pg-boss, in the service's own schema). */
export const PUBLISH_QUEUE = QUEUES.publishTarget;

export interface PublishJob {
  targetId: string;
}

/** Puts targets on the publish queue, in the caller's transaction, due at each target's time. */
@Injectable()
export class PublishQueue {
  constructor(private readonly jobs: Jobs) {}

  async enqueue(manager: EntityManager, targets: SnsPostTarget[]): Promise<void> {
    for (const target of targets) {
      const due = target.dueAt && target.dueAt.getTime() > Date.now() ? target.dueAt : undefined;
      await this.jobs.send<PublishJob>(PUBLISH_QUEUE, { targetId: target.id }, { startAfter: due, manager });
    }
  }
}
