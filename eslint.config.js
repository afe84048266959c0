// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tongshi/**',
      'coverage/**',
      'test-output/**',
      'miniprogram/miniprogram_npm/**',
      'miniprogram/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The store owns the database: services and function adapters call typed store functions,
    // never a collection, a transaction's collection or the raw query builder.
    files: [
      'cloudfunctions/core/services/**/*.ts',
      'cloudfunctions/*/actions/**/*.ts',
      'cloudfunctions/*/index.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='collection']",
          message: 'Services write and read through typed store functions (core/store), not collections.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/store/query'], message: 'Query building belongs in core/store.' },
            {
              group: ['**/platform/cloud'],
              importNames: ['db'],
              message: 'The database belongs to core/store.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain owns its types (domain/model.ts) and stays pure: no store shapes, no platform.
    files: ['cloudfunctions/core/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../store/*', '../services/*', '../platform/*'],
              message: 'The domain imports no store, service or platform module.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code both bundles run (the mini program ships it, cloud functions bundle it): pure, so it
    // needs nothing from WeChat's runtime, the SDK or either side's modules.
    files: ['miniprogram/shared/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['wx', 'getApp', 'getCurrentPages', 'Page', 'Component', 'App', 'require'].map((name) => ({
          name,
          message: 'miniprogram/shared is pure: the server bundles it too.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[importKind!='type'][source.value!=/^[.][/]/]",
          message: 'miniprogram/shared imports values only from itself (types from typings/ are fine).',
        },
      ],
    },
  },
);
