import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventOf, NotificationsBookingFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { ChatService } from '../chat/chat.service';
import { InboxService, NoticeDraft } from '../inbox/inbox.service';
import { PushPublisher } from '../pushes/push-publisher';

type BookingEvent = EventOf<(typeof NotificationsBookingFeed)['reads']>;

const when = (iso: string) => iso.replace('T', ' ').replace(/:00(\.000)?Z$/, ' UTC');

/**
 * Each booking change told to the party who did not make it: the chef of a request or payment, the
 * guest of a confirmation; and `status:updated` on `/notifications` to both parties.
 */
@Injectable()
export class BookingFeedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly inbox: InboxService,
    private readonly chat: ChatService,
    private readonly pushes: PushPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(NotificationsBookingFeed, (event, manager) => this.apply(event, manager));
  }

  private async apply(event: BookingEvent, manager: EntityManager): Promise<void> {
    // The guest and the chef may talk about it (chat), as long as the booking lasts and a while after.
    await this.chat.recordBooking(manager, event.data.booking_id, [event.data.guest_id, event.data.chef_user_id], event.data.status);
    const data = { booking_id: event.data.booking_id, chef_id: event.data.chef_id, status: event.data.status };
    // Both parties' open clients follow the booking's state.
    this.pushes.status([event.data.guest_id, event.data.chef_user_id], {
      resource_type: 'coocook.booking',
      resource_id: event.data.booking_id,
      status: event.data.status,
      event: event.type,
      at: event.time,
      detail: { chef_id: event.data.chef_id, booking_date: event.data.booking_date },
    });
    const notice = (userId: string, title: string, body: string): NoticeDraft => ({
      eventId: event.id,
      userId,
      category: 'bookings',
      type: event.type,
      title,
      body,
      data,
    });
    const date = when(event.data.booking_date);
    switch (event.type) {
      case 'booking.created':
        await this.inbox.notify(manager, notice(event.data.chef_user_id, 'New booking request', `A guest asked to book you on ${date}.`));
        return;
      case 'booking.paid':
        await this.inbox.notify(
          manager,
          notice(event.data.chef_user_id, 'Booking paid', `The booking on ${date} is paid; please confirm it.`),
        );
        return;
      case 'booking.confirmed':
        await this.inbox.notify(manager, notice(event.data.guest_id, 'Booking confirmed', `Your chef confirmed the booking on ${date}.`));
        return;
      case 'booking.completed':
        await this.inbox.notify(
          manager,
          notice(event.data.guest_id, 'How was it?', `Your booking on ${date} is complete; leave a review.`),
        );
        return;
      case 'booking.cancelled': {
        const other = event.data.cancelled_by === 'guest' ? event.data.chef_user_id : event.data.guest_id;
        await this.inbox.notify(
          manager,
          notice(other, 'Booking cancelled', `The booking on ${date} was cancelled by the ${event.data.cancelled_by}.`),
        );
        return;
      }
    }
  }
}
