import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, Min, registerDecorator, validateSync, ValidationOptions } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString() name: string;
}

class Derived extends Base {
  @IsInt() @Min(1) quantity: number;
}

function IsShort(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isShort',
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length < 5 },
    });
}

describe('cacheValidationMetadata', () => {
  it('resolves a class’s own and inherited rules once, and validates exactly as before', () => {
    // A storage of its own, holding the rules the decorators registered in the global one.
    const global = getMetadataStorage();
    const storage = new (global.constructor as new () => typeof global)();
    for (const target of [Base, Derived])
      for (const rule of global.getTargetValidationMetadatas(target, '', true, false))
        if (rule.target === target) storage.addValidationMetadata(rule);
    const uncached = storage.getTargetValidationMetadatas(Derived, '', false, false);
    const scan = jest.spyOn(storage, 'getTargetValidationMetadatas');
    cacheValidationMetadata(storage);
    const first = storage.getTargetValidationMetadatas(Derived, '', false, false);
    const again = storage.getTargetValidationMetadatas(Derived, '', false, false);
    expect(first).toEqual(uncached);
    expect(first.map((r) => r.propertyName).sort()).toEqual(['name', 'quantity', 'quantity']);
    expect(again).toBe(first);
    expect(scan).toHaveBeenCalledTimes(1);
    // Other options are another answer.
    storage.getTargetValidationMetadatas(Derived, '', true, false, ['admin']);
    expect(scan).toHaveBeenCalledTimes(2);
  });

  it('keeps validation results in the global storage, inherited rules and rules added later included', () => {
    cacheValidationMetadata();
    const bad = Object.assign(new Derived(), { name: 3, quantity: 0 });
    expect(
      validateSync(bad)
        .map((e) => e.property)
        .sort(),
    ).toEqual(['name', 'quantity']);
    expect(validateSync(Object.assign(new Derived(), { name: 'bread', quantity: 2 }))).toEqual([]);
    // A rule registered after Derived was validated (and its rules cached) applies from then on.
    IsShort()(Derived.prototype, 'name');
    expect(validateSync(Object.assign(new Derived(), { name: 'sourdough', quantity: 2 })).map((e) => e.property)).toEqual(['name']);
  });
});
