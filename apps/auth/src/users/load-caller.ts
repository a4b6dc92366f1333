import { DataSource } from 'typeorm';
import { CallerContext } from '@sf/contracts';
import { NotFound } from '@sf/errors';
import { User } from './user.entity';

/** The account a caller context names; NOT_FOUND when it no longer exists. */
export async function loadCaller(dataSource: DataSource, ctx: CallerContext): Promise<User> {
  const user = ctx.user_id ? await dataSource.getRepository(User).findOneBy({ id: ctx.user_id }) : null;
  if (!user) throw new NotFound('User');
  return user;
}
