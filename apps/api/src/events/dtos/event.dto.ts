import { z } from 'zod';
import { reasonSchema, submittedEventSchema } from '../../cases/dtos/case.dto';

export const eventsBodySchema = z.union([
  submittedEventSchema,
  z.strictObject({ events: z.array(submittedEventSchema).min(1).max(100) }),
]);
export type EventsBodyDto = z.infer<typeof eventsBodySchema>;

export const retractEventSchema = z.strictObject({ reason: reasonSchema });
export type RetractEventDto = z.infer<typeof retractEventSchema>;

export const correctEventSchema = z.strictObject({ reason: reasonSchema, replacement: submittedEventSchema });
export type CorrectEventDto = z.infer<typeof correctEventSchema>;
