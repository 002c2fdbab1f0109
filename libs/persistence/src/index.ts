export * from './data-source';
export * from './entities';
export { MIGRATIONS } from './migrations';
export * from './schema-drift';
export * from './repositories/task-change-outbox';
export * from './repositories/outbox-retention';
export * from './repositories/case-timeline';
export * from './repositories/team-registry';
export * from './schema-steps';
