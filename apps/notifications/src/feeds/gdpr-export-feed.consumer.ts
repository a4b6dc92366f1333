import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NotificationsGdprExportFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { InboxService } from '../inbox/inbox.service';
import { AccountMail } from '../mail/account-mail.service';

/**
 * "Data export ready" goes to the admin who asked for the export, in-app and by mail (category
 * `account`): the parts are behind admin routes, and the admin hands them over (ADR 0016). The
 * subject user is not told by the platform.
 */
@Injectable()
export class GdprExportFeedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly inbox: InboxService,
    private readonly accountMail: AccountMail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(NotificationsGdprExportFeed, async (event, manager) => {
      const { request_id: requestId, requested_by: adminId, state, missing } = event.data;
      if (!adminId) return;
      const partial = state === 'incomplete' ? ` It is incomplete: ${missing.join(', ')} did not answer in time.` : '';
      const body = `The data export ${requestId} is ready.${partial} Its parts are linked at /api/admin/gdpr/requests/${requestId}.`;
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId: adminId,
        category: 'account',
        type: 'gdpr.export.ready',
        title: 'Data export ready',
        body,
        data: { request_id: requestId, user_id: event.data.user_id, state, missing },
      });
      await this.accountMail.enqueue(manager, {
        user_id: adminId,
        key: event.id,
        subject: 'Your SoftFactory data export is ready',
        text: body,
      });
    });
  }
}
