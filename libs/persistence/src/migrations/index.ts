import { Initial1795686793936 } from './1795686793936-initial.migration';
import { EventCorrections1795687519652 } from './1795687519652-event-corrections.migration';
import { TaskChangeOutbox1795687600792 } from './1795687600792-task-change-outbox.migration';
import { DashboardIndexes1795688534994 } from './1795688534994-dashboard-indexes.migration';
import { WebhookSubscriptions1795688739158 } from './1795688739158-webhook-subscriptions.migration';
import { CaseType1795694043796 } from './1795694043796-case-type.migration';
import { InboxIndex1795694960318 } from './1795694960318-inbox-index.migration';
import { CaseBirthDateNullable1795698758465 } from './1795698758465-case-birth-date-nullable.migration';
import { TrialEnrolments1795698785551 } from './1795698785551-trial-enrolments.migration';
import { Teams1796618732988 } from './1796618732988-teams.migration';
import { CaseAttentionAndTaskActions1796620000000 } from './1796620000000-case-attention-and-task-actions.migration';
import { ImportsAndCalendarFeeds1796621547822 } from './1796621547822-imports-and-calendar-feeds.migration';
import { LawMigrationTaskColumns1796622350907 } from './1796622350907-law-migration-task-columns.migration';
import { RuleChanges1796629118585 } from './1796629118585-rule-changes.migration';
import { JobtalkPeriods1796629269641 } from './1796629269641-jobtalk-periods.migration';

/** Committed migrations in order; never edit one after it has been merged. */
export const MIGRATIONS = [
  Initial1795686793936,
  EventCorrections1795687519652,
  TaskChangeOutbox1795687600792,
  DashboardIndexes1795688534994,
  WebhookSubscriptions1795688739158,
  CaseType1795694043796,
  InboxIndex1795694960318,
  CaseBirthDateNullable1795698758465,
  TrialEnrolments1795698785551,
  Teams1796618732988,
  CaseAttentionAndTaskActions1796620000000,
  ImportsAndCalendarFeeds1796621547822,
  LawMigrationTaskColumns1796622350907,
  RuleChanges1796629118585,
  JobtalkPeriods1796629269641,
];
