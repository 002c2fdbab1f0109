import { z } from 'zod';
import { reasonSchema } from '../../cases/dtos/case.dto';
import { eventIdSchema, freeTextSchema, isoDateSchema, lineSchema } from '../../common/schemas';

/** A programme id in the path, e.g. `aht-2009`; unknown ids answer 404 PROGRAMME_NOT_FOUND. */
export const programParamSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a programme id');

/** Randomisation into one arm of a programme: a TRIAL_ASSIGNED event (trials spec T2 rule 1). */
export const assignTrialSchema = z.strictObject({
  /** Idempotency key; default `trial-assigned:<program>` (one enrolment per programme and case). */
  eventId: eventIdSchema.optional(),
  /** `participant` or `control` (the programme's arms). */
  arm: lineSchema(40),
  /** Default today (Europe/Copenhagen); for sygedagpenge the date of the first follow-up talk (U0, X6). */
  date: isoDateSchema.optional(),
  /** Why and how the case was randomised; required, kept in the audit trail. */
  reason: reasonSchema,
});
export type AssignTrialDto = z.infer<typeof assignTrialSchema>;

/** Fritagelse: a TRIAL_EXEMPTED event with one of the programme's reason codes in force on its date (U3). */
export const exemptTrialSchema = z.strictObject({
  /** Idempotency key; default `trial-exempted:<program>` (a fritagelse is final, X10). */
  eventId: eventIdSchema.optional(),
  /** One of the programme's fritagelse codes, in force on `date` (e.g. `health-treatment` from the midtvejsjustering). */
  reasonCode: lineSchema(60),
  /** Free text next to the code (the codes are examples, "fx", X10); kept in the audit trail. */
  note: freeTextSchema(500).optional(),
  date: isoDateSchema.optional(),
});
export type ExemptTrialDto = z.infer<typeof exemptTrialSchema>;
