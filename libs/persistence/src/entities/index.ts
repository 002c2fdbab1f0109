import { AuditEntryEntity } from './audit-entry.entity';
import { CaseAttentionEntity } from './case-attention.entity';
import { CalendarFeedEntity } from './calendar-feed.entity';
import { CaseEnrolmentEntity } from './case-enrolment.entity';
import { CaseJobtalkPeriodEntity } from './case-jobtalk-period.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { ImportBatchEntity } from './import-batch.entity';
import { ImportedCaseEntity } from './imported-case.entity';
import { TaskChangeEntity } from './task-change.entity';
import { TaskActionEntity } from './task-action.entity';
import { TaskEntity } from './task.entity';
import { RuleChangeAuditEntity } from './rule-change-audit.entity';
import { RuleChangeEntity } from './rule-change.entity';
import { TeamEntity } from './team.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export {
  AuditEntryEntity,
  CaseAttentionEntity,
  CalendarFeedEntity,
  ImportBatchEntity,
  ImportedCaseEntity,
  CaseEnrolmentEntity,
  CaseJobtalkPeriodEntity,
  CaseEntity,
  CaseEventEntity,
  RuleChangeAuditEntity,
  RuleChangeEntity,
  TaskActionEntity,
  TaskChangeEntity,
  TaskEntity,
  TeamEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
};
export const ENTITIES = [
  CaseEntity,
  CaseEventEntity,
  TaskEntity,
  AuditEntryEntity,
  TaskChangeEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  CaseEnrolmentEntity,
  TeamEntity,
  CaseAttentionEntity,
  TaskActionEntity,
  ImportBatchEntity,
  ImportedCaseEntity,
  CalendarFeedEntity,
  RuleChangeEntity,
  RuleChangeAuditEntity,
  CaseJobtalkPeriodEntity,
];
