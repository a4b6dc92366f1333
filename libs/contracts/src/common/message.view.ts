import { IsString } from 'class-validator';

/** A plain acknowledgement for actions that change state but return no resource. */
export class MessageView {
  @IsString()
  message: string;
}
