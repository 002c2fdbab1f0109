// Test and dev infrastructure: real servers (Postgres, Temporal), per-file databases, polling helpers.
// Only tests, tools and benchmarks import this (enforced in eslint.config.mjs).
export * from './access-token';
export * from './api-e2e-harness';
export * from './postgres-server';
export * from './sse-client';
export * from './temporal-dev-server';
export * from './temporal-test-env';
export * from './test-database';
export * from './tool-paths';
export * from './history-fixtures';
export * from './case-workflow-harness';
export * from './app-process';
export * from './eventually';
export * from './postgres-process';
export * from './engine-projection';
export * from './seeded-random';
export * from './case-simulator';
export * from './openapi-contract';
export * from './webhook-receiver';
export * from './csv-reader';
export * from './table-latch';
export * from './law-2026-timelines';
export * from './demo-programme';
