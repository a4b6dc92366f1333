import { Injectable } from '@nestjs/common';
import type { AdminEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** Admin's events, typed by `AdminEventMap`; the CloudEvent's `subject` is the role or user id. */
@Injectable()
export class AdminEventLog extends TypedEventLog<AdminEventMap> {}
