export * from './case-workflow.contract';
export * from './copenhagen-time';
export * from './canonical-json';
export * from './task-completion';
export * from './webhook-dispatcher.contract';
export * from './cpr-detector';
export * from './csv';
export * from './correlation';
