import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IdParams, PageQuery, PasswordResetParams, RegisterDto } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { validateInput } from './input-validation';

class Address {
  @IsString() @Length(1, 50) city: string;
  @IsInt() @Min(1) zip: number;
}

class Item {
  @IsString() @Length(1, 10) name: string;
}

class OrderDto {
  @IsString() @Length(2, 20) title: string;
  @ValidateNested() @Type(() => Address) address: Address;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Item) items?: Item[];
  @IsOptional() @Type(() => Number) @IsInt() @Max(5) quantity?: number;
}

/** The error validateInput throws, or fails the test. */
function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected validation to fail');
}

const VALID_REGISTER = { email: 'ann@example.test', password: 'Long-enough-pw', name: 'Ann' };

describe('validateInput', () => {
  describe('text Postgres cannot store or validators cannot read', () => {
    it.each([
      ['a NUL byte', 'Ann\u0000'],
      ['a lone high surrogate', 'Ann\ud800'],
      ['a lone low surrogate', '\udc00Ann'],
    ])('refuses %s in any field with 422 naming it, before any validator runs', (_what, text) => {
      const error = failure(() => validateInput(RegisterDto, { ...VALID_REGISTER, name: text, email: `a${text}@example.test` }, 'body'));
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(Object.keys(error.details ?? {}).sort()).toEqual(['email', 'name']);
    });

    it('names nested fields, array items and keys', () => {
      const error = failure(() =>
        validateInput(
          OrderDto,
          { title: 'ok title', address: { city: 'x\u0000', zip: 1 }, items: [{ name: 'a' }, { name: '\ud83d' }], ['k\u0000']: 1 },
          'body',
        ),
      );
      expect(Object.keys(error.details ?? {}).sort()).toEqual(['address.city', 'items.1.name', 'k\u0000']);
    });

    it('refuses reserved keys (constructor, prototype, __proto__) at any depth, naming them', () => {
      const body = JSON.parse('{"title":"ok title","address":{"city":"x","zip":1,"constructor":[]},"items":[{"name":"a","prototype":1}]}');
      const error = failure(() => validateInput(OrderDto, body, 'body'));
      expect(error.details).toEqual({ 'address.constructor': ['is a reserved name'], 'items.0.prototype': ['is a reserved name'] });
    });

    it('answers 422, not a crash, for a value a validator throws on (7e-323 with maxDecimalPlaces)', () => {
      class Rate {
        @IsNumber({ maxDecimalPlaces: 2 }) rate: number;
      }
      expect(failure(() => validateInput(Rate, { rate: 7e-323 }, 'body')).code).toBe('VALIDATION_ERROR');
    });

    it('keeps well-formed text: emoji (surrogate pairs), Korean, accents', () => {
      const value = validateInput(RegisterDto, { ...VALID_REGISTER, name: '김민준 😀 Zoë' }, 'body');
      expect(value.name).toBe('김민준 😀 Zoë');
    });

    it('answers 404 for such a path parameter, as for any malformed one', () => {
      expect(failure(() => validateInput(IdParams, { id: '1\u0000' }, 'params')).code).toBe('NOT_FOUND');
    });
  });

  describe('bodies', () => {
    it('answers an instance of the declared class with unknown fields dropped', () => {
      const value = validateInput(RegisterDto, { ...VALID_REGISTER, roles: ['admin'], is_admin: true }, 'body');
      expect(value).toBeInstanceOf(RegisterDto);
      expect({ ...value }).toEqual(VALID_REGISTER);
    });

    it('fails with VALIDATION_ERROR naming each field, messages without the field name in front', () => {
      const error = failure(() => validateInput(RegisterDto, { email: 'nope', password: 'short', name: 'Ann' }, 'body'));
      expect(error.code).toBe('VALIDATION_ERROR');
      const details = error.details as Record<string, string[]>;
      expect(Object.keys(details).sort()).toEqual(['email', 'password']);
      expect(details.email).toEqual(['must be an email']);
      expect(details.password).toEqual(['must be longer than or equal to 8 characters']);
    });

    it('lists every broken rule of a field', () => {
      const error = failure(() => validateInput(RegisterDto, { ...VALID_REGISTER, name: 42 }, 'body'));
      expect(error.details).toEqual({ name: expect.arrayContaining(['must be a string']) });
      expect((error.details as Record<string, string[]>).name.length).toBeGreaterThanOrEqual(2);
    });

    it('refuses a common password by its own message', () => {
      const error = failure(() => validateInput(RegisterDto, { ...VALID_REGISTER, password: 'Password123' }, 'body'));
      expect(error.details).toEqual({ password: ['is too common; choose another password'] });
    });

    it('names nested fields with dots, and array elements by index', () => {
      const error = failure(() =>
        validateInput(
          OrderDto,
          { title: 'ok title', address: { city: '', zip: 0 }, items: [{ name: 'fine' }, { name: 'far too long a name' }] },
          'body',
        ),
      );
      expect(error.details).toEqual({
        'address.city': ['must be longer than or equal to 1 characters'],
        'address.zip': ['must not be less than 1'],
        'items.1.name': ['must be shorter than or equal to 10 characters'],
      });
    });

    it('reports a scalar where a nested object belongs on the field itself', () => {
      const error = failure(() => validateInput(OrderDto, { title: 'ok title', address: 'Seoul' }, 'body'));
      expect(Object.keys(error.details as object)).toEqual(['address']);
      expect((error.details as Record<string, string[]>).address).toHaveLength(1);
    });

    it('keeps nested instances and drops their unknown fields', () => {
      const value = validateInput(OrderDto, { title: 'ok title', address: { city: 'Seoul', zip: 4524, extra: 1 }, junk: 1 }, 'body');
      expect(value.address).toBeInstanceOf(Address);
      expect({ ...value.address }).toEqual({ city: 'Seoul', zip: 4524 });
      expect(value).not.toHaveProperty('junk');
    });

    it.each([
      ['an array', [VALID_REGISTER]],
      ['a string', 'hello'],
      ['a number', 42],
      ['a boolean', true],
    ])('refuses %s as the body with 422 on "body"', (_label, body) => {
      const error = failure(() => validateInput(RegisterDto, body, 'body'));
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details).toEqual({ body: ['must be a JSON object'] });
    });

    it('takes a missing or null body as {} and names every required field', () => {
      for (const body of [undefined, null]) {
        const error = failure(() => validateInput(RegisterDto, body, 'body'));
        expect(Object.keys(error.details as object).sort()).toEqual(['email', 'name', 'password']);
      }
    });

    it('answers {} when the endpoint declares no class, whatever was sent', () => {
      expect(validateInput(undefined, { anything: 1 }, 'body')).toEqual({});
      expect(validateInput(undefined, 'text', 'body')).toEqual({});
    });
  });

  describe('queries', () => {
    it('converts declared numbers from query strings', () => {
      const query = validateInput(PageQuery, { page: '2', limit: '50', order: 'desc', unknown: 'x' }, 'query');
      expect({ ...query }).toEqual({ page: 2, limit: 50, order: 'desc' });
    });

    it('fails with 422 on "query" fields, not 404', () => {
      const error = failure(() => validateInput(PageQuery, { limit: '500', page: 'abc', order: 'sideways' }, 'query'));
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(Object.keys(error.details as object).sort()).toEqual(['limit', 'order', 'page']);
      expect((error.details as Record<string, string[]>).limit).toEqual(['must not be greater than 100']);
    });

    it('refuses a non-object query with 422 naming "query"', () => {
      expect(failure(() => validateInput(PageQuery, ['page'], 'query')).details).toEqual({ query: ['must be a JSON object'] });
    });
  });

  describe('path parameters', () => {
    it('accepts a well-formed value', () => {
      const id = '0b6f1c52-8f69-4b53-9a3f-2ad2f5b3f4f1';
      expect({ ...validateInput(IdParams, { id }, 'params') }).toEqual({ id });
      const token = 'a'.repeat(40);
      expect({ ...validateInput(PasswordResetParams, { token }, 'params') }).toEqual({ token });
    });

    it.each([
      ['a malformed id', IdParams, { id: 'not-a-uuid' }],
      ['a missing id', IdParams, {}],
      ['a token with bad characters', PasswordResetParams, { token: 'bad token with spaces and more' }],
      ['a non-object', IdParams, 'x'],
    ])('answers NOT_FOUND to %s, naming nothing', (_label, type, params) => {
      const error = failure(() => validateInput(type as typeof IdParams, params, 'params'));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.details).toBeUndefined();
    });
  });
});
