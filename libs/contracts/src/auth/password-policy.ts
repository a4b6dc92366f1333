import { registerDecorator, ValidationOptions } from 'class-validator';

// The most common passwords of public breach corpora (top entries of the widely used
// "10k most common" list). Anything here is refused whatever its length.
const COMMON_PASSWORDS = new Set([
  '12345678', '123456789', '1234567890', 'password', 'password1', 'password12', 'password123',
  'passw0rd', 'qwertyuiop', 'qwerty123', 'qwerty12', '11111111', '00000000', '12341234',
  '87654321', '88888888', 'iloveyou', 'iloveyou1', 'sunshine', 'princess', 'football',
  'baseball', 'welcome1', 'welcome123', 'abc12345', 'abcd1234', '1q2w3e4r', '1qaz2wsx',
  'zaq12wsx', 'trustno1', 'superman', 'starwars', 'whatever', 'letmein1', 'dragon123',
  'master123', 'monkey123', 'shadow123', 'michael1', 'jennifer', 'computer', 'internet',
  'asdfghjkl', 'asdf1234', 'zxcvbnm1', 'qazwsxedc', 'changeme', 'changeme1', 'administrator',
  'admin123', 'admin1234', 'root1234', 'secret123', 'test1234', 'testing123', 'default1',
  'p@ssw0rd', 'p@ssword', 'password!', 'password1!', 'q1w2e3r4', 'q1w2e3r4t5', '123qweasd',
  '1234qwer', 'qwer1234', 'aa123456', 'a1234567', 'a12345678', '123123123', '147258369',
  '741852963', '987654321', '5201314520', 'football1', 'baseball1', 'liverpool', 'chelsea1',
  'pokemon1', 'naruto12', 'batman12', 'charlie1', 'freedom1', 'whatever1', 'trustme1',
  'loveme12', 'iloveyou2', 'lovely12', 'hello123', 'hello1234', 'welcome!', 'letmein!',
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** Refuses a password found among the most common ones. */
export function IsNotCommonPassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotCommonPassword',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'is too common; choose another password', ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !isCommonPassword(value) },
    });
}
