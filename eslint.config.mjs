// @ts-check
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Only these builtins are allowed inside the Temporal workflow sandbox.
const workflowAllowedBuiltins = new Set(['assert', 'url', 'util']);
const bannedInWorkflows = builtinModules.filter((m) => !workflowAllowedBuiltins.has(m));
const testingBan = { name: '@frist/testing', message: 'Only tests, tools and benchmarks may use @frist/testing.' };
// The image installs production dependencies only (npm ci --omit=dev): production code importing a dev dependency
// fails there with "Cannot find module", so it fails lint here.
const { devDependencies } = JSON.parse(readFileSync(join(import.meta.dirname, 'package.json'), 'utf8'));
const devDependencyBans = Object.keys(devDependencies).map((name) => ({
  name,
  message: 'A dev dependency: the production image does not install it (move it to dependencies, or keep it in tests).',
}));
const productionImportBans = [testingBan, ...devDependencyBans];

/** What the deployed processes (API, worker) may import: every library, never another app. */
const APP_DEPENDENCIES = [
  'type:observability',
  'type:codec',
  'type:config',
  'type:domain',
  'type:contracts',
  'type:persistence',
  'type:workflow',
  'type:activities',
  'type:operations',
  'type:testing',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.nx/**',
      'coverage/**',
      'test-artifacts/**',
      'apps/api/src/web/assets/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          // Only test files import @frist/testing (see no-restricted-imports), and it imports what it sets up: cycles
          // through it are test wiring, not architecture.
          ignoredCircularDependencies: [['testing', '*']],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:testing'] },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:codec', onlyDependOnLibsWithTags: [] },
            {
              // Logs, correlation ids and traces for the API, the worker and the CLI.
              sourceTag: 'type:observability',
              onlyDependOnLibsWithTags: ['type:config', 'type:contracts', 'type:domain'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:observability',
                'type:codec',
                'type:domain',
                'type:contracts',
                'type:config',
                'type:persistence',
                'type:workflow',
                'type:activities',
              ],
            },
            {
              sourceTag: 'type:persistence',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:config',
                'type:persistence',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:workflow',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:workflow',
                'type:activities',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:activities',
              onlyDependOnLibsWithTags: [
                'type:codec',
                'type:domain',
                'type:contracts',
                'type:config',
                'type:persistence',
                'type:activities',
                'type:testing',
              ],
            },
            {
              // Operational services (reprojection, dry runs): run by the CLI; the API runs only the dry runs, to compute
              // the impact a drafted rule change shows its approver (a client's impact is never trusted).
              sourceTag: 'type:operations',
              onlyDependOnLibsWithTags: [
                'type:codec',
                'type:config',
                'type:domain',
                'type:contracts',
                'type:persistence',
                'type:activities',
                'type:operations',
                'type:testing',
              ],
            },
            {
              // The operational CLI (apps/cli): production code shipped in the image, like the API and the worker.
              sourceTag: 'type:cli',
              onlyDependOnLibsWithTags: [
                'type:observability',
                'type:codec',
                'type:config',
                'type:domain',
                'type:contracts',
                'type:persistence',
                'type:activities',
                'type:operations',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: APP_DEPENDENCIES,
            },
            {
              // Tools (dev stack, measurements, import examples) drive the apps as they are.
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [...APP_DEPENDENCIES, 'type:app', 'type:cli'],
            },
          ],
        },
      ],
    },
  },
  {
    // The engine and the workflows must stay deterministic: no I/O, no Node builtins, no clocks.
    files: ['libs/obligations/src/**/*.ts', 'workflows/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', 'libs/*/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[...bannedInWorkflows, ...bannedInWorkflows.map((m) => `node:${m}`)].map((name) => ({
              name,
              message: 'Node builtins are not allowed in deterministic code.',
            })),
            ...productionImportBans,
          ],
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/client', '@temporalio/worker', '@frist/persistence'],
              message: 'No I/O in deterministic code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflows may import activities only as types.
    files: ['workflows/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
    },
  },
  {
    // Test infrastructure and dev dependencies stay out of production code. (The block above carries the same bans
    // for the engine and workflows: in flat config a later setting of a rule replaces an earlier one.)
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'workflows/**/*.ts', 'activities/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.integration-spec.ts',
      '**/*.e2e-spec.ts',
      'libs/testing/**',
      'libs/*/src/testing/**',
      // The web UI's browser-test harness (Chromium, axe-core): never built into the image.
      'apps/*/src/**/testing/**',
      // Test fixtures (seeders, examples): excluded from the build like the specs that use them.
      '**/fixtures/**',
      'libs/obligations/src/**',
      'workflows/src/**',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: productionImportBans }] },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.integration-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.prod-spec.ts',
      'libs/testing/**/*.ts',
      'bench/**/*.ts',
      '**/fixtures/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      // Tests reach across projects on purpose (real servers, fixtures); production code stays within the arrows.
      '@nx/enforce-module-boundaries': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
);
