import { z } from 'zod';
import { listOf } from '../../cases/dtos/case.dto';
import { isoDateSchema, queryIntSchema, teamSchema } from '../../common/schemas';
import { exportFormatField } from '../../exports/csv-response';

/** `missed` closes a volume window whose target was not reached (trials T3); it is final, like cancelled. */
export const TASK_STATUSES = ['open', 'overdue', 'met', 'met-late', 'waived', 'cancelled', 'missed'] as const;
/** Shorthands a client may list next to (or instead of) the statuses themselves. */
const STATUS_GROUPS: Record<string, readonly (typeof TASK_STATUSES)[number][]> = {
  active: ['open', 'overdue'],
  done: ['met', 'met-late', 'waived'],
};

export const taskQuerySchema = z.object({
  team: teamSchema.optional(),
  status: z
    .string()
    .regex(listOf([...TASK_STATUSES, ...Object.keys(STATUS_GROUPS)]), 'must be a comma-separated list of statuses')
    .default('open,overdue')
    .transform((s) => [...new Set(s.split(',').flatMap((x) => STATUS_GROUPS[x.trim()] ?? [x.trim()]))])
    .pipe(z.array(z.enum(TASK_STATUSES)).min(1)),
  /** `me`, `none` (unassigned) or a user id (`sub`). */
  assignee: z.string().trim().min(1).max(200).optional(),
  code: z.string().max(100).optional(),
  caseId: z.uuid().optional(),
  /** `review`: only backfilled tasks (law-2026 M5, "Gennemgang efter lovændring"); `daily`: only the others. */
  queue: z.enum(['daily', 'review']).optional(),
  dueBefore: isoDateSchema.optional(),
  dueAfter: isoDateSchema.optional(),
  limit: queryIntSchema(1, 200).default(50),
  cursor: z.string().max(500).optional(),
  ...exportFormatField,
});
export type TaskQueryDto = z.infer<typeof taskQuerySchema>;
