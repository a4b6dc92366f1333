import { Injectable } from '@nestjs/common';
import type { ReviewEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** Review's events, typed by `ReviewEventMap`. */
@Injectable()
export class ReviewEvents extends TypedEventLog<ReviewEventMap> {}
