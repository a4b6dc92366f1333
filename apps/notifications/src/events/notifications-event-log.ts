import { Injectable } from '@nestjs/common';
import type { NotificationsEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** The notifications service's events, typed by `NotificationsEventMap`; the CloudEvent's `subject` is the user id. */
@Injectable()
export class NotificationsEventLog extends TypedEventLog<NotificationsEventMap> {}
