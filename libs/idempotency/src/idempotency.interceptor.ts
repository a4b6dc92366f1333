import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { IdempotentCaller, runIdempotent } from './idempotency';

/**
 * Applies `Idempotency-Key` to the handler of one declaration marked `idempotent: true` (added by
 * `@Handles`): the one place every service's creating POSTs get it. Keyed by the caller, the
 * declaration's subject and the key; fingerprinted by the body and the path parameters.
 */
export function IdempotencyInterceptor(operation: string): Type<NestInterceptor> {
  @Injectable()
  class Idempotent implements NestInterceptor {
    constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const message = context.switchToRpc().getData() as { ctx?: IdempotentCaller; body?: unknown; params?: unknown } | undefined;
      const caller = message?.ctx;
      if (!caller?.idempotency_key || !caller.user_id) return next.handle();
      return from(
        runIdempotent(this.dataSource, caller, operation, { body: message?.body ?? null, params: message?.params ?? null }, () =>
          lastValueFrom(next.handle(), { defaultValue: undefined }),
        ),
      );
    }
  }
  return mixin(Idempotent);
}
