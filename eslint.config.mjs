import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const APPS = readdirSync(fileURLToPath(new globalThis.URL('./apps', import.meta.url)), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'test/e2e/seed-clients/**',
      // Written by openapi-typescript (npm run sdk:generate); the SDK's own build output.
      'packages/sdk-ts/src/schema.ts',
      'packages/*/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Boundaries: a lib never imports an app; an app never imports another app.
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**'], message: 'A lib never imports an app.' }] }] },
  },
  // An app never imports another app (every folder under apps/, found at lint time).
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/apps/**',
                ...APPS.filter((other) => other !== app).flatMap((other) => [`../../${other}/**`, `../../../${other}/**`]),
              ],
              message: 'An app never imports another app.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'libs/testing/**/*.ts', 'tools/**/*.js', 'jest.config.js'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tools/**/*.js', 'jest.config.js', 'test/**/*.js'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        console: 'readonly',
      },
    },
  },
);
