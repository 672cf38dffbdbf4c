// Flat ESLint config: typescript-eslint's recommended rules, plus the project's own choices.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      'docs/api/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // On Node 20 these globals are accessors: every use of the global calls a getter (~10 ns),
    // which the driver's request path pays many times per request. Import them instead.
    files: ['packages/driver/src/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: "import { Buffer } from 'node:buffer' (the global is a getter)" },
        {
          name: 'performance',
          message: "import { performance } from 'node:perf_hooks' (the global is a getter)",
        },
        { name: 'process', message: "import what you need from 'node:process' (the global is a getter)" },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
