// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Only these builtins are allowed inside the Temporal workflow sandbox.
const workflowAllowedBuiltins = new Set(['assert', 'url', 'util']);
const bannedInWorkflows = builtinModules.filter((m) => !workflowAllowedBuiltins.has(m));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.nx/**', 'coverage/**', 'test-artifacts/**', 'apps/api/src/web/assets/**'] },
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
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:config', 'type:persistence'] },
            { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:workflow', 'type:activities'] },
            { sourceTag: 'type:activities', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:config', 'type:persistence', 'type:activities'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:config', 'type:domain', 'type:contracts', 'type:persistence', 'type:workflow', 'type:activities'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:config', 'type:domain', 'type:contracts', 'type:persistence', 'type:workflow', 'type:activities', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    // The engine and the workflows must stay deterministic: no I/O, no Node builtins, no clocks.
    files: ['libs/obligations/src/**/*.ts', 'workflows/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...bannedInWorkflows, ...bannedInWorkflows.map((m) => `node:${m}`)].map((name) => ({ name, message: 'Node builtins are not allowed in deterministic code.' })),
          patterns: [{ group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/client', '@temporalio/worker', '@frist/persistence'], message: 'No I/O in deterministic code.' }],
        },
      ],
    },
  },
  {
    // Workflows may import activities only as types.
    files: ['workflows/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }] },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-argument': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
);
