import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AvailabilityView, UpdateAvailabilityDto, UserContext } from '@sf/contracts';
import { Forbidden, ValidationFailed } from '@sf/errors';
import { isTimeZone, normaliseAvailability } from './availability';
import { Chef, ChefAvailability } from './chef.entity';
import { toAvailabilityView } from './chef.view';
import { ChefsService } from './chefs.service';
import { inTransaction } from '@sf/idempotency';

/** A chef's weekly windows and dated exceptions, which bookings must fall inside once set. */
@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chefs: ChefsService,
  ) {}

  async get(id: string): Promise<AvailabilityView> {
    const chef = await this.chefs.find(this.dataSource.manager, id);
    const availability = await this.dataSource.getRepository(ChefAvailability).findOneBy({ chefId: id });
    return toAvailabilityView(chef, availability);
  }

  /** Replaces the whole availability, under the chef's row lock so bookings never read half of it. */
  async update(ctx: UserContext, id: string, dto: UpdateAvailabilityDto): Promise<AvailabilityView> {
    const userId = ctx.user_id;
    if (dto.time_zone !== undefined && !isTimeZone(dto.time_zone)) throw new ValidationFailed({ time_zone: ['is not a known time zone'] });
    const { weekly, exceptions } = normaliseAvailability(dto);
    return inTransaction(this.dataSource, async (manager) => {
      const chef = await this.chefs.find(manager, id, true);
      if (chef.userId !== userId) throw new Forbidden('Only the chef may change this availability');
      if (dto.time_zone !== undefined && dto.time_zone !== chef.timeZone) {
        chef.timeZone = dto.time_zone;
        await manager.update(Chef, { id }, { timeZone: dto.time_zone });
      }
      await manager.upsert(ChefAvailability, { chefId: id, weekly, exceptions, updatedAt: new Date() }, ['chefId']);
      const saved = await manager.findOneByOrFail(ChefAvailability, { chefId: id });
      return toAvailabilityView(chef, saved);
    });
  }
}
