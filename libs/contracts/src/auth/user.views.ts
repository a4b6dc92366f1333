import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { ROLES, Role, Tier, TIERS } from '../common/caller-context';

/** The user as clients see it; never carries secrets. */
export class UserView {
  @IsUUID() id: string;
  @IsEmail() email: string;
  @IsString() name: string;
  @IsIn(ROLES, { each: true }) roles: Role[];
  @IsIn(TIERS) tier: Tier;
  @IsBoolean() two_factor_enabled: boolean;
  @IsOptional() @IsString() avatar_url: string | null;
  @IsISO8601() created_at: string;
  @IsISO8601() updated_at: string;
}

/** What login, register, refresh and OAuth callbacks answer. */
export class AuthSessionView {
  @IsString() access_token: string;
  @IsString() refresh_token: string;
  @IsIn(['Bearer']) token_type: 'Bearer';
  @IsInt() expires_in: number;
  @ValidateNested() @Type(() => UserView) user: UserView;
}
