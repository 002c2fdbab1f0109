import { z } from 'zod';
import { reasonSchema } from '../../cases/dtos/case.dto';
import { eventIdSchema, isoDateSchema, lineSchema } from '../../common/schemas';

export const assignTaskSchema = z.strictObject({
  /** The user id (`sub`) to assign to, or null to unassign. */
  assignee: lineSchema(200).nullable(),
});
export type AssignTaskDto = z.infer<typeof assignTaskSchema>;

/**
 * Completing a task registers the event that meets it (spec §D "Met by"): the client sends the event's own fields
 * (e.g. `form` for a contact) and an eventId for idempotent retries; the type comes from the task's obligation.
 */
export const completeTaskSchema = z.looseObject({
  eventId: eventIdSchema,
  date: isoDateSchema.optional(),
});
export type CompleteTaskDto = z.infer<typeof completeTaskSchema>;

export const waiveTaskSchema = z.strictObject({
  eventId: eventIdSchema,
  date: isoDateSchema.optional(),
  reason: reasonSchema,
});
export type WaiveTaskDto = z.infer<typeof waiveTaskSchema>;
