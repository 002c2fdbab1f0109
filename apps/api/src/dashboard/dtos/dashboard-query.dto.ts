import { z } from 'zod';
import { isoDateSchema, queryIntSchema, teamSchema } from '../../common/schemas';
import { exportFormatField } from '../../exports/csv-response';

/** `team` narrows a manager's scope to one of their teams; without it every team in the token counts. */
const scope = { team: teamSchema.optional(), ...exportFormatField };

export const AGING_BUCKETS = ['1-7', '8-30', '31+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export const overdueQuerySchema = z.object(scope);
export type OverdueQueryDto = z.infer<typeof overdueQuerySchema>;

export const overdueCasesQuerySchema = z.object({
  ...scope,
  code: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  /** `unassigned` selects tasks nobody has claimed. */
  assignee: z.string().min(1).max(200).optional(),
  bucket: z.enum(AGING_BUCKETS).optional(),
  limit: queryIntSchema(1, 500).default(100),
});
export type OverdueCasesQueryDto = z.infer<typeof overdueCasesQuerySchema>;

export const onTimeQuerySchema = z
  .object({ ...scope, from: isoDateSchema.optional(), to: isoDateSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type OnTimeQueryDto = z.infer<typeof onTimeQuerySchema>;

export const forecastQuerySchema = z.object(scope);
export type ForecastQueryDto = z.infer<typeof forecastQuerySchema>;

export const passivityQuerySchema = z.object({
  ...scope,
  minDays: queryIntSchema(0, 10_000).default(0),
  limit: queryIntSchema(1, 500).default(50),
});
export type PassivityQueryDto = z.infer<typeof passivityQuerySchema>;
