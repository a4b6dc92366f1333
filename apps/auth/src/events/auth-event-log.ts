import { Injectable } from '@nestjs/common';
import { TypedEventLog } from '@sf/events';
import { AuthEvents } from './auth-events';

/** Auth's events, typed by `AuthEvents`; the CloudEvent's `subject` is the user id. */
@Injectable()
export class AuthEventLog extends TypedEventLog<AuthEvents> {}
