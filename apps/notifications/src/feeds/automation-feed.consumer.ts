import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NotificationsAutomationFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { InboxService } from '../inbox/inbox.service';

/** automation's notify steps: an in-app notice to the workflow's owner (category `automations`). */
@Injectable()
export class AutomationFeedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly inbox: InboxService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(NotificationsAutomationFeed, async (event, manager) => {
      const notice = event.data;
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId: notice.user_id,
        category: 'automations',
        type: 'automation.notification',
        title: notice.title.slice(0, 200) || 'Automation',
        body: notice.body.slice(0, 2000),
        data: { workflow_id: notice.workflow_id, run_id: notice.run_id, step_id: notice.step_id },
      });
    });
  }
}
