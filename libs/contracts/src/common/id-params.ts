import { IsUUID } from 'class-validator';

/** `/:id` of a resource users create (UUIDs everywhere). */
export class IdParams {
  @IsUUID() id: string;
}
