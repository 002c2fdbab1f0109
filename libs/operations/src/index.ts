export * from './case-reprojection.service';
export * from './rule-set-dry-run';
export * from './migration-dry-run';
