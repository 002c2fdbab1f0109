import { AuditEntryEntity } from './audit-entry.entity';
import { CaseEnrolmentEntity } from './case-enrolment.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { TaskChangeEntity } from './task-change.entity';
import { TaskEntity } from './task.entity';
import { TeamEntity } from './team.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export {
  AuditEntryEntity,
  CaseEnrolmentEntity,
  CaseEntity,
  CaseEventEntity,
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
];
