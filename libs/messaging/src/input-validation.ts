import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import type { ClassOf } from '@sf/contracts';
import { NotFound, ValidationFailed } from '@sf/errors';

export type InputKind = 'body' | 'query' | 'params';

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{field: [messages]}`, nested fields dotted, messages without the leading field name. */
function details(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const error of errors) {
    const path = `${prefix}${error.property}`;
    if (error.constraints) {
      out[path] = Object.values(error.constraints).map((m) =>
        m.startsWith(`${error.property} `) ? m.slice(error.property.length + 1) : m,
      );
    }
    if (error.children?.length) Object.assign(out, details(error.children, `${path}.`));
  }
  return out;
}

/**
 * Checks one part of a request against its declared class; unknown fields are dropped.
 * A bad body or query is a 422 naming each field; a bad path parameter names nothing: 404.
 */
export function validateInput<T>(type: ClassOf<T> | undefined, value: unknown, kind: InputKind): T {
  if (!type) return {} as T;
  const input = value ?? {};
  if (!isPlainObject(input)) {
    if (kind === 'params') throw new NotFound();
    throw new ValidationFailed({ [kind]: ['must be a JSON object'] });
  }
  const instance = plainToInstance(type, input) as object;
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
  if (errors.length) {
    if (kind === 'params') throw new NotFound();
    throw new ValidationFailed(details(errors));
  }
  return instance as T;
}
