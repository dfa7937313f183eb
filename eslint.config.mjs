import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Type-aware: the service, the workflows, the benchmarks and the tests, all in tsconfig.json's one program.
    // web/ is left out: its API types come from a schema generated at build (decision 0027).
    files: ['src/**/*.ts', 'workflows/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A switch over a union names every member, even with a default: a new event type or rule is a decision.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
      // `return promise` inside try/catch/finally skips the catch; elsewhere either form is fine.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // In Node 20's V8 an object made by a spread and given more properties (`{ ...a, b }`, `{ ...a, ...b }`)
    // gets a hidden class of its own every time: slower, and about 3 KB of every request used to reach
    // the old generation that way (decision 0028, session 19). Code that runs per request uses
    // `extended(a, { b })` (src/common/extended.ts); a spread after the first key is fine. Checked in all
    // of src/ but what runs once at start (schemas, migrations, catalogues, options, the eForms metadata).
    files: ['src/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.schemas.ts',
      '**/*.schema.ts',
      'src/common/openapi.ts',
      'src/outbox/event-catalogue.ts',
      'src/database/migrations/**',
      'src/database/database.options.ts',
      'src/app.setup.ts',
      'src/cli/**',
      'src/i18n/messages/**',
      'src/notices/eforms-metadata.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement:first-child ~ *',
          message: 'A spread followed by more properties makes a new hidden class per call in Node 20: use extended(a, { b }) from src/common/extended.ts.',
        },
      ],
    },
  },
  {
    // Tests and their helpers read untyped bodies (supertest's `res.body`, `fastify.inject().json()`, raw
    // SQL rows) and stub async collaborators with `async () => value` (decision 0027).
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'workflows/**/fixtures.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
