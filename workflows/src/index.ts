// The worker's workflowsPath: every workflow type the worker runs.
export { caseWorkflow } from './case.workflow';
export { webhookDispatcherWorkflow } from './webhook-dispatcher.workflow';
export { ruleSetRolloutWorkflow, rolloutProgressQuery } from './rule-set-rollout.workflow';
