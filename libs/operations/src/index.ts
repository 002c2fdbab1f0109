export * from './case-reprojection.service';
export * from './rule-set-dry-run';
export * from './migration-dry-run';
export * from './policy-dry-run';
