import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Column, DataSource, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AutomationUserTimeZones, DEFAULT_PREFERENCES } from '@sf/contracts';
import { EventConsumers } from '@sf/events';

/** A user's time zone as their preferences last said (auth's `user.preferences_updated`). */
@Entity({ name: 'user_time_zones' })
export class UserTimeZone {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'time_zone', type: 'varchar', length: 64 }) timeZone: string;
  /** The event's time: an older event arriving late changes nothing. */
  @Column({ name: 'as_of', type: 'timestamptz' }) asOf: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Injectable()
export class UserTimeZones implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(AutomationUserTimeZones, (event, manager) =>
      manager.query(
        `INSERT INTO user_time_zones (user_id, time_zone, as_of) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, as_of = EXCLUDED.as_of, updated_at = now()
          WHERE user_time_zones.as_of <= EXCLUDED.as_of`,
        [event.data.user_id, event.data.timezone, event.time],
      ),
    );
  }

  /** The user's preferred zone; the platform's default until they set one. */
  async of(userId: string): Promise<string> {
    const row = await this.dataSource.getRepository(UserTimeZone).findOneBy({ userId });
    return row?.timeZone ?? DEFAULT_PREFERENCES.timezone;
  }
}
