// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What each cached workflow would otherwise instantiate (docs/benchmarks.md: 2.2 MiB and 28 % of
 * the workflow thread): zod, code lists and the schemas built on them. Type-only imports are erased
 * at compile time and stay allowed; tests/workflows/bundle.test.ts checks the built bundle itself.
 */
const LEAN = [
  {
    group: ['zod', 'zod/*', 'i18n-iso-countries', 'currency-codes'],
    message: 'validation happens once, at the API: no zod or code lists in workflow code',
  },
  {
    group: [
      '**/domain/schemas',
      '**/domain/schemas/*',
      '**/domain/codes',
      '**/domain/risk',
      '**/domain/risk/*',
      '**/domain/transit/index',
      '**/domain/transit/recovery',
      '**/domain/duties',
      '**/domain/duty-rates',
      '**/domain/tariff',
      '**/domain/valuation',
      '**/domain/offices',
      '**/domain/hs',
    ],
    message: 'zod-built or code-list modules: import types only, or a zod-free module',
    allowTypeImports: true,
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.tools/**',
      'coverage/**',
      'tests/replay/histories/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Determinism: workflow code imports only workflow-safe modules and pure domain code.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'pg', 'http', 'https', 'net', 'os', 'child_process'],
              message: 'no I/O in workflow code',
            },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@nestjs/*'],
              message: 'workflows import @temporalio/workflow and @temporalio/common only',
            },
            {
              group: ['**/activities', '**/activities/*', '**/apps/*', '**/config/*'],
              message: 'activities are imported as types only; settings come in as workflow input',
              allowTypeImports: true,
            },
            ...LEAN,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'use sleep() or condition() from @temporalio/workflow' },
      ],
    },
  },
  {
    // Contracts are shared by everything, workflows included: plain types and message definitions.
    files: ['contracts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...LEAN,
            {
              group: [
                '**/workflows',
                '**/workflows/*',
                '**/activities',
                '**/activities/*',
                '**/apps/*',
                '**/config/*',
              ],
              message: 'contracts import nothing but domain types',
            },
          ],
        },
      ],
    },
  },
  {
    // One arrow: apps and activities reach processes through contracts/, never workflows/.
    files: ['apps/**/*.ts', 'activities/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'config/**/*.ts'],
    ignores: ['apps/worker/**', 'bench/support/baseline-workflows.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/workflows', '**/workflows/*'], message: 'import contracts/, not workflows/' },
          ],
        },
      ],
    },
  },
  {
    // Source files stay small enough to read in one sitting (docs/house-rules.md); the tuned risk
    // kernel is the one exception, its reason at its top.
    files: ['**/*.ts'],
    ignores: ['domain/risk/compile.ts', 'tests/replay/histories/**'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 150, skipBlankLines: false, skipComments: false, IIFEs: true },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
