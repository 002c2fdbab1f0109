export * from './case-attention.activities';
export * from './case-evaluation.activities';
export * from './case-phase';
export * from './case-projection.activities';
export * from './webhook-signature';
export * from './webhook.activities';
export * from './rule-set-files';
export * from './rule-set-rollout.activities';
