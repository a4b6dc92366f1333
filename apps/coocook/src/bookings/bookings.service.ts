import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  BookingListQuery,
  BookingListView,
  BookingSortField,
  BookingView,
  CreateBookingDto,
  listView,
  parseDateTime,
  resolvePage,
  resolveSort,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { fitsAvailability } from '../chefs/availability';
import { Chef, ChefAvailability } from '../chefs/chef.entity';
import { CoocookEvents } from '../shared/coocook-events';
import { isUniqueViolation } from '../shared/database-errors';
import { BookingReview } from '../chefs/booking-review.entity';
import { Booking } from './booking.entity';
import { BookingParty, SLOT_HOLDING_STATUSES } from './booking-rules';
import { bookingEventData, toBookingView } from './booking.view';
import { inTransaction } from '@sf/idempotency';

const SORT_COLUMNS: Record<BookingSortField, string> = {
  booking_date: 'b.booking_date',
  created_at: 'b.created_at',
  total_price: 'b.total_price',
  status: 'b.status',
};

/** Bookings: creating one (subscription, availability, no double booking), reading them. */
@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly events: CoocookEvents,
  ) {}

  async create(ctx: UserContext, dto: CreateBookingDto): Promise<BookingView> {
    const guestId = ctx.user_id;
    await this.entitlements.require(ctx, 'coocook');
    const start = parseDateTime(dto.booking_date);
    if (!start) throw new ValidationFailed({ booking_date: ['is not a valid date and time'] });
    if (start.getTime() <= Date.now()) throw new ValidationFailed({ booking_date: ['must be in the future'] });
    const end = new Date(start.getTime() + dto.duration_hours * 3_600_000);
    const key = ctx.idempotency_key ?? null;
    // A repeat under one Idempotency-Key answers the first booking; another request under it is a 422.
    const repeatOf = async (manager: EntityManager): Promise<BookingView | null> => {
      if (!key) return null;
      const earlier = await manager.getRepository(Booking).findOneBy({ guestId, idempotencyKey: key });
      if (!earlier) return null;
      if (!sameBookingRequest(earlier, dto, start)) {
        throw new ValidationFailed({ 'Idempotency-Key': ['was used with a different request'] });
      }
      return this.view(manager, earlier);
    };
    const earlier = await repeatOf(this.dataSource.manager);
    if (earlier) return earlier;
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        // The chef's row lock serialises bookings of one chef: the overlap check below then sees
        // every booking committed before, so two requests for one slot cannot both pass it.
        const chef = await manager.findOne(Chef, { where: { id: dto.chef_id }, lock: { mode: 'pessimistic_write' } });
        if (!chef) throw new NotFound('Chef');
        // A concurrent repeat waited for the lock above: the first one's booking is committed now.
        const repeated = await repeatOf(manager);
        if (repeated) return repeated;
        if (chef.userId === guestId) throw new ValidationFailed({ chef_id: ['is your own chef profile'] });
        const availability = await manager.findOneBy(ChefAvailability, { chefId: chef.id });
        if (!fitsAvailability(availability, chef.timeZone, start, end)) {
          throw new Conflict("The chef is not available at that time (see the chef's availability)", { chef_id: chef.id });
        }
        const overlapping = await manager
          .createQueryBuilder(Booking, 'b')
          .where('b.chef_id = :chefId AND b.status IN (:...statuses)', { chefId: chef.id, statuses: SLOT_HOLDING_STATUSES })
          .andWhere('b.booking_date < :end AND b.ends_at > :start', { start, end })
          .getExists();
        if (overlapping) throw new Conflict('The chef is already booked at that time', { chef_id: chef.id });
        const booking = await manager.save(
          Booking,
          manager.create(Booking, {
            chefId: chef.id,
            chefUserId: chef.userId,
            guestId,
            bookingDate: start,
            endsAt: end,
            durationHours: dto.duration_hours,
            specialRequests: dto.special_requests?.trim() || null,
            status: 'pending',
            hourlyRateKrw: chef.hourlyRateKrw,
            totalPrice: chef.hourlyRateKrw * dto.duration_hours,
            idempotencyKey: key,
          }),
        );
        await this.events.record(manager, 'booking.created', booking.id, bookingEventData(booking));
        return toBookingView(booking, chef, null);
      });
    } catch (error) {
      if (key && isUniqueViolation(error, 'bookings_guest_idempotency_key')) {
        // The same key raced itself (through another chef's lock): answer what the first one made.
        const first = await repeatOf(this.dataSource.manager);
        if (first) return first;
      }
      throw error;
    }
  }

  async list(ctx: UserContext, query: BookingListQuery): Promise<BookingListView> {
    const userId = ctx.user_id;
    const page = resolvePage(query);
    const sort = resolveSort<BookingSortField>(query, { field: 'created_at', direction: 'DESC' });
    const qb = this.dataSource.getRepository(Booking).createQueryBuilder('b');
    if (query.role === 'guest') qb.where('b.guest_id = :userId', { userId });
    else if (query.role === 'chef') qb.where('b.chef_user_id = :userId', { userId });
    else qb.where('(b.guest_id = :userId OR b.chef_user_id = :userId)', { userId });
    if (query.status) qb.andWhere('b.status = :status', { status: query.status });
    if (query.chef_id) qb.andWhere('b.chef_id = :chefId', { chefId: query.chef_id });
    if (query.date_from) qb.andWhere('b.booking_date >= :from', { from: parseDateTime(query.date_from) });
    if (query.date_to) qb.andWhere('b.booking_date < :to', { to: parseDateTime(query.date_to) });
    const [bookings, total] = await qb
      .orderBy(SORT_COLUMNS[sort.field], sort.direction)
      .addOrderBy('b.id', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    const views = await this.views(this.dataSource.manager, bookings);
    return listView('bookings', views, total, page);
  }

  async get(ctx: UserContext, id: string): Promise<BookingView> {
    const booking = await this.findFor(this.dataSource.manager, ctx, id);
    return this.view(this.dataSource.manager, booking.booking);
  }

  /**
   * The booking and the caller's part in it. Anyone else gets 404: another user's booking is
   * private. `lock` holds the row for the rest of the transaction.
   */
  async findFor(manager: EntityManager, ctx: UserContext, id: string, lock = false): Promise<{ booking: Booking; party: BookingParty }> {
    const userId = ctx.user_id;
    const booking = await manager.findOne(Booking, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!booking) throw new NotFound('Booking');
    if (booking.guestId === userId) return { booking, party: 'guest' };
    if (booking.chefUserId === userId) return { booking, party: 'chef' };
    throw new NotFound('Booking');
  }

  async view(manager: EntityManager, booking: Booking): Promise<BookingView> {
    return (await this.views(manager, [booking]))[0];
  }

  private async views(manager: EntityManager, bookings: Booking[]): Promise<BookingView[]> {
    if (!bookings.length) return [];
    // One after the other: `manager` may be a transaction's single connection.
    const chefs = await manager.find(Chef, { where: { id: In([...new Set(bookings.map((b) => b.chefId))]) } });
    const reviews = await manager.find(BookingReview, { where: { bookingId: In(bookings.map((b) => b.id)) } });
    return bookings.map((b) =>
      toBookingView(b, chefs.find((c) => c.id === b.chefId) as Chef, reviews.find((r) => r.bookingId === b.id) ?? null),
    );
  }
}

/** Whether a repeat under an Idempotency-Key asks for what the first request made. */
function sameBookingRequest(booking: Booking, dto: CreateBookingDto, start: Date): boolean {
  return (
    booking.chefId === dto.chef_id &&
    booking.bookingDate.getTime() === start.getTime() &&
    booking.durationHours === dto.duration_hours &&
    (booking.specialRequests ?? null) === (dto.special_requests?.trim() || null)
  );
}
