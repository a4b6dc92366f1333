import { applyDecorators, PipeTransform, UseInterceptors, UsePipes } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { isEndpoint } from '@sf/contracts';
import { IdempotencyInterceptor } from '@sf/idempotency';
import { HandledDeclaration, validateMessage } from './contract-validation';

/** Validates every message of one declaration at the service's edge (see `validateMessage`). */
class ContractPipe implements PipeTransform {
  constructor(private readonly declaration: HandledDeclaration) {}

  transform(message: unknown): unknown {
    return validateMessage(this.declaration, message);
  }
}

/**
 * Marks a handler method as the one answering `declaration`'s subject: the message is validated
 * against the declaration before the method runs, so handlers never check fields by hand.
 * An endpoint declared `idempotent: true` gets `Idempotency-Key` applied here, once for all.
 * Use with `@Payload()` on the method's one parameter.
 */
export function Handles(declaration: HandledDeclaration): MethodDecorator {
  const decorators = [MessagePattern(declaration.subject), UsePipes(new ContractPipe(declaration))];
  if (isEndpoint(declaration) && declaration.idempotent === true)
    decorators.push(UseInterceptors(IdempotencyInterceptor(declaration.subject)));
  return applyDecorators(...decorators);
}
