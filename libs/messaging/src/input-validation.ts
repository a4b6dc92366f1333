import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import type { ClassOf } from '@sf/contracts';
import { NotFound, ValidationFailed } from '@sf/errors';
import { cacheValidationMetadata } from './validation-metadata-cache';

cacheValidationMetadata();

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

// NUL, or a UTF-16 surrogate standing alone (in `u` mode a proper pair is one code point, not Cs).
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const UNSTORABLE_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/** Keys that reach object prototypes when class-transformer copies a body onto a class. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const RESERVED_MESSAGE = 'is a reserved name';

/**
 * Fields holding text Postgres cannot store (NUL, in text and jsonb alike), text that is not
 * valid Unicode (a lone UTF-16 surrogate, on which validators throw), or a reserved key at any
 * depth (on which class-transformer throws): `{path: [message]}`, nested paths dotted.
 */
function unsafeInput(value: unknown, path: string, out: Record<string, string[]>, depth = 0): Record<string, string[]> {
  if (depth > 32) return out; // deeper than any declared shape; the class check refuses it
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) out[path] = [UNSTORABLE_MESSAGE];
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unsafeInput(item, `${path}.${i}`, out, depth + 1));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const child = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) out[path || key] = [UNSTORABLE_MESSAGE];
      else if (RESERVED_KEYS.has(key)) out[child] = [RESERVED_MESSAGE];
      else unsafeInput(item, child, out, depth + 1);
    }
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
  const unsafe = unsafeInput(input, '', {});
  if (Object.keys(unsafe).length) {
    if (kind === 'params') throw new NotFound();
    throw new ValidationFailed(unsafe);
  }
  let instance: object;
  let errors: ValidationError[];
  try {
    instance = plainToInstance(type, input) as object;
    errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
  } catch {
    // A validator that throws on a value it did not foresee (e.g. @IsNumber's decimal places on
    // 7e-323) is still bad input, not a bug of ours to answer with a 500.
    if (kind === 'params') throw new NotFound();
    throw new ValidationFailed({ [kind]: ['holds a value that cannot be validated'] });
  }
  if (errors.length) {
    if (kind === 'params') throw new NotFound();
    throw new ValidationFailed(details(errors));
  }
  return instance as T;
}
