export * from './case-projection.activities';
