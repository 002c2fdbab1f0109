import { z } from 'zod';
import { isoDateSchema, teamSchema } from '../../common/schemas';

export const TASK_STATUSES = ['open', 'overdue', 'met', 'met-late', 'waived', 'cancelled'] as const;

export const taskQuerySchema = z.object({
  team: teamSchema.optional(),
  status: z
    .string()
    .default('open,overdue')
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(TASK_STATUSES)).min(1)),
  code: z.string().optional(),
  caseId: z.uuid().optional(),
  dueBefore: isoDateSchema.optional(),
  dueAfter: isoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
export type TaskQueryDto = z.infer<typeof taskQuerySchema>;
