export * from './case-attention.activities';
export * from './case-evaluation.activities';
export * from './case-phase';
export * from './case-projection.activities';
export * from './webhook-signature';
export * from './webhook.activities';
export * from './case-reprojection.service';
export * from './rule-set-rollout.service';
