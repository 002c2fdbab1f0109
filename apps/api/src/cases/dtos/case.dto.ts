import { z } from 'zod';
import { isoDateSchema, teamSchema } from '../../common/schemas';

export const eventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 . _ : -');

/** An event as a client submits it: the engine's event fields plus a client-chosen idempotency key. */
export const submittedEventSchema = z.looseObject({
  eventId: eventIdSchema,
  type: z.string().min(1),
  date: isoDateSchema,
});
export type SubmittedEventDto = z.infer<typeof submittedEventSchema>;

export const createCaseSchema = z.object({
  caseId: z.uuid().optional(),
  citizenRef: z.string().trim().min(1).max(100),
  team: teamSchema,
  birthDate: isoDateSchema,
  events: z.array(submittedEventSchema).max(50).default([]),
});
export type CreateCaseDto = z.infer<typeof createCaseSchema>;
