// @ts-check

/** @type {import('jest').Config['transform']} */
const swc = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
    },
  ],
};
const moduleNameMapper = {
  '^@frist/obligations$': '<rootDir>/libs/obligations/src/index.ts',
  '^@frist/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@frist/persistence$': '<rootDir>/libs/persistence/src/index.ts',
  '^@frist/workflows$': '<rootDir>/workflows/src/index.ts',
  '^@frist/activities$': '<rootDir>/activities/src/index.ts',
  '^@frist/workflows/bundler$': '<rootDir>/workflows/bundler/bundle-options.ts',
  '^@frist/testing$': '<rootDir>/libs/testing/src/index.ts',
  '^@frist/codec$': '<rootDir>/libs/codec/src/index.ts',
  '^@frist/operations$': '<rootDir>/libs/operations/src/index.ts',
  '^@frist/config$': '<rootDir>/libs/config/src/index.ts',
  '^@frist/observability$': '<rootDir>/libs/observability/src/index.ts',
};
// jose 6 ships ECMAScript modules only: Node >= 20.19 require()s them natively, Jest needs them compiled to CommonJS.
const esmOnly = {
  'node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = {
  rootDir: __dirname,
  transform: { ...swc, ...esmOnly },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

// Four tiers: pure unit tests; controller tests (HTTP without servers); workflow tests on the time-skipping server; integration/e2e on real Postgres (+ dev server).
/** @type {import('jest').Config} */
const config = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,apps,activities,tools}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.controller\\.spec\\.ts$'],
    },
    // The API's controllers behind the real guard, pipes, HTTP edge and problem filter, services mocked: no servers.
    { ...common, displayName: 'controller', testMatch: ['<rootDir>/apps/api/src/**/*.controller.spec.ts'] },
    { ...common, displayName: 'workflow', testMatch: ['<rootDir>/workflows/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.integration-spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/.cache/'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    // `npm run test:prod` only: the production topology (real Temporal server on PostgreSQL, production build).
    { ...common, displayName: 'prod', testMatch: ['<rootDir>/tools/prod/**/*.prod-spec.ts'] },
  ],
  testTimeout: 120_000,
};
module.exports = config;
