import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'test/e2e/seed-clients/**'] },
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
  {
    files: ['apps/gateway/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/apps/**',
                '../../auth/**',
                '../../../auth/**',
                '../../payment/**',
                '../../../payment/**',
                '../../storage/**',
                '../../../storage/**',
                '../../coocook/**',
                '../../../coocook/**',
              ],
              message: 'An app never imports another app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/auth/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/apps/**',
                '../../gateway/**',
                '../../../gateway/**',
                '../../payment/**',
                '../../../payment/**',
                '../../storage/**',
                '../../../storage/**',
                '../../coocook/**',
                '../../../coocook/**',
              ],
              message: 'An app never imports another app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/payment/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/apps/**',
                '../../gateway/**',
                '../../../gateway/**',
                '../../auth/**',
                '../../../auth/**',
                '../../storage/**',
                '../../../storage/**',
                '../../coocook/**',
                '../../../coocook/**',
              ],
              message: 'An app never imports another app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/apps/**',
                '../../gateway/**',
                '../../../gateway/**',
                '../../auth/**',
                '../../../auth/**',
                '../../payment/**',
                '../../../payment/**',
                '../../coocook/**',
                '../../../coocook/**',
              ],
              message: 'An app never imports another app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/coocook/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/apps/**',
                '../../gateway/**',
                '../../../gateway/**',
                '../../auth/**',
                '../../../auth/**',
                '../../payment/**',
                '../../../payment/**',
                '../../storage/**',
                '../../../storage/**',
              ],
              message: 'An app never imports another app.',
            },
          ],
        },
      ],
    },
  },
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
