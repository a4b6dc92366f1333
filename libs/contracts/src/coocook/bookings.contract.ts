import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Max, Min, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { ChefReviewView } from './chefs.contract';
import { IsDateTime } from './coocook-fields';

/**
 * pending → paid → confirmed → completed; pending/paid/confirmed → cancelled (by the guest;
 * `refunded` when the cancellation policy gives money back) or declined (by the chef).
 */
export const BOOKING_STATUSES = ['pending', 'paid', 'confirmed', 'completed', 'cancelled', 'refunded', 'declined'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const MAX_BOOKING_HOURS = 12;

export class CreateBookingDto {
  @IsUUID() chef_id: string;
  /** Start of the booking; without an offset it is UTC. */
  @IsString() @IsDateTime() booking_date: string;
  @IsInt() @Min(1) @Max(MAX_BOOKING_HOURS) duration_hours: number;
  @IsOptional() @IsString() @MaxLength(2000) special_requests?: string | null;
}

export class UpdateBookingStatusDto {
  @IsIn(BOOKING_STATUSES) status: BookingStatus;
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class CancelBookingDto {
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

/** The seed client sends `{amount: total_price}`; when given it must be the booking's price. */
export class PayBookingDto {
  @IsOptional() @IsInt() @Min(1) amount?: number;
}

export class BookingReviewDto {
  @IsInt() @Min(1) @Max(5) rating: number;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string | null;
}

export const BOOKING_SORT_FIELDS = ['booking_date', 'created_at', 'total_price', 'status'] as const;
export type BookingSortField = (typeof BOOKING_SORT_FIELDS)[number];

export class BookingListQuery extends PageQuery {
  @IsOptional() @IsIn(BOOKING_STATUSES) status?: BookingStatus;
  /** `guest`: bookings I made; `chef`: bookings of my chef profile; default both. */
  @IsOptional() @IsIn(['guest', 'chef']) role?: 'guest' | 'chef';
  @IsOptional() @IsUUID() chef_id?: string;
  /** Bookings starting at or after this time. */
  @IsOptional() @IsString() @IsDateTime() date_from?: string;
  /** Bookings starting before this time. */
  @IsOptional() @IsString() @IsDateTime() date_to?: string;
  @IsOptional() @IsIn(sortValues(BOOKING_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(BOOKING_SORT_FIELDS) sort_by?: string;
}

export class BookingChefSummary {
  @IsUUID() id: string;
  @IsString() name: string;
  @IsString() cuisine: string;
  @IsString() location: string;
}

export class BookingView {
  @IsUUID() id: string;
  @IsUUID() chef_id: string;
  @ValidateNested() @Type(() => BookingChefSummary) chef: BookingChefSummary;
  @IsUUID() guest_id: string;
  @IsString() booking_date: string;
  @IsString() ends_at: string;
  @IsInt() duration_hours: number;
  @IsOptional() @IsString() special_requests: string | null;
  @IsIn(BOOKING_STATUSES) status: BookingStatus;
  @IsInt() hourly_rate_krw: number;
  /** hourly_rate_krw × duration_hours, KRW. */
  @IsInt() total_price: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsOptional() @IsString() payment_id: string | null;
  @IsOptional() @IsString() paid_at: string | null;
  @IsOptional() @IsString() confirmed_at: string | null;
  @IsOptional() @IsString() completed_at: string | null;
  @IsOptional() @IsString() cancelled_at: string | null;
  @IsOptional() @IsIn(['guest', 'chef']) cancelled_by: 'guest' | 'chef' | null;
  @IsOptional() @IsString() cancellation_reason: string | null;
  /** What the cancellation policy returned to the guest, KRW; null when nothing was paid. */
  @IsOptional() @IsInt() refund_amount_krw: number | null;
  @IsOptional() @IsString() refund_id: string | null;
  @IsOptional() @ValidateNested() @Type(() => ChefReviewView) review: ChefReviewView | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class BookingListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => BookingView) bookings: BookingView[];
}

/** What `POST .../pay` answers: the checkout to open, like any checkout. */
export class BookingCheckoutView {
  @IsUUID() booking_id: string;
  @IsString() payment_id: string;
  @IsString() session_id: string;
  @IsString() checkout_url: string;
  @IsString() status: string;
  @IsInt() amount_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
}

export const BookingCreate = endpoint<CreateBookingDto, Record<string, never>, BookingView>({
  method: 'POST',
  path: '/api/coocook/bookings',
  aliases: [{ path: '/api/coocook/booking' }],
  subject: 'coocook.bookings.create',
  access: { kind: 'user', scope: 'write:coocook' },
  body: CreateBookingDto,
  response: BookingView,
  status: 201,
  idempotent: true,
  summary: "Book a chef (needs a CooCook subscription); checked against the chef's availability and bookings",
  tag: 'coocook',
  errors: [404, 409],
});

export const BookingList = endpoint<Record<string, never>, BookingListQuery, BookingListView>({
  method: 'GET',
  path: '/api/coocook/bookings',
  aliases: [{ path: '/api/coocook/booking' }],
  subject: 'coocook.bookings.list',
  access: { kind: 'user', scope: 'read:coocook' },
  query: BookingListQuery,
  response: BookingListView,
  status: 200,
  summary: "The caller's bookings, as guest and as chef",
  tag: 'coocook',
});

export const BookingGet = endpoint<Record<string, never>, Record<string, never>, BookingView>({
  method: 'GET',
  path: '/api/coocook/bookings/:id',
  aliases: [{ path: '/api/coocook/booking/:id' }],
  subject: 'coocook.bookings.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:coocook' },
  response: BookingView,
  status: 200,
  summary: 'One booking (its guest and its chef only)',
  tag: 'coocook',
  errors: [404],
});

export const BookingUpdateStatus = endpoint<UpdateBookingStatusDto, Record<string, never>, BookingView>({
  method: 'PUT',
  path: '/api/coocook/bookings/:id',
  aliases: [{ path: '/api/coocook/booking/:id' }],
  subject: 'coocook.bookings.update_status',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: UpdateBookingStatusDto,
  response: BookingView,
  status: 200,
  summary: 'Move a booking on: the chef confirms, completes or declines; the guest cancels',
  tag: 'coocook',
  errors: [404, 409],
});

export const BookingCancel = endpoint<CancelBookingDto, Record<string, never>, BookingView>({
  method: 'POST',
  path: '/api/coocook/bookings/:id/cancel',
  aliases: [{ path: '/api/coocook/booking/:id/cancel' }],
  subject: 'coocook.bookings.cancel',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: CancelBookingDto,
  response: BookingView,
  status: 200,
  summary: 'The guest cancels; a paid booking is refunded by the cancellation policy',
  tag: 'coocook',
  errors: [404, 409],
});

export const BookingPay = endpoint<PayBookingDto, Record<string, never>, BookingCheckoutView>({
  method: 'POST',
  path: '/api/coocook/bookings/:id/pay',
  aliases: [{ path: '/api/coocook/booking/:id/pay' }],
  subject: 'coocook.bookings.pay',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: PayBookingDto,
  response: BookingCheckoutView,
  status: 200,
  summary: 'Start paying a pending booking: answers the checkout_url; the booking becomes paid when the payment completes',
  tag: 'coocook',
  errors: [404, 409],
});

export const BookingReviewCreate = endpoint<BookingReviewDto, Record<string, never>, ChefReviewView>({
  method: 'POST',
  path: '/api/coocook/bookings/:id/review',
  aliases: [{ path: '/api/coocook/booking/:id/review' }],
  subject: 'coocook.bookings.review',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: BookingReviewDto,
  response: ChefReviewView,
  status: 201,
  idempotent: true,
  summary: "The guest reviews a completed booking, once; the chef's rating follows",
  tag: 'coocook',
  errors: [404, 409],
});
