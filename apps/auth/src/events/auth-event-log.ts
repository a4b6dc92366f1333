import { Injectable } from '@nestjs/common';
import type { AuthEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** Auth's events, typed by `AuthEventMap`; the CloudEvent's `subject` is the user id. */
@Injectable()
export class AuthEventLog extends TypedEventLog<AuthEventMap> {}
