import { z } from 'zod';
import { submittedEventEnvelopeSchema } from '../../common/event-schemas';
import {
  eventIdSchema,
  freeTextSchema,
  isoDate,
  isoDateSchema,
  lineSchema,
  queryIntSchema,
  teamSchema,
} from '../../common/schemas';

export { eventIdSchema };

/**
 * An event as a client submits it: the engine's event fields plus a client-chosen idempotency key. The request
 * checks its envelope; the case's own vocabulary checks the fields once the case type is known (CasesService).
 */
export const submittedEventSchema = submittedEventEnvelopeSchema;
export type SubmittedEventDto = z.infer<typeof submittedEventSchema>;

const caseFields = {
  /**
   * Makes creation idempotent: the case id is derived from the team and this key, so a retry lands on the same
   * case and the same key in another team is another case. Without it the id is random.
   */
  idempotencyKey: eventIdSchema.optional(),
  /**
   * A client-chosen case id, accepted only where API_CLIENT_CASE_IDS=true (benchmarks, migrations from a
   * single-team system): it is global, so a taken id reveals that a case exists. Refused otherwise.
   */
  caseId: z.uuid().optional(),
  /** The fagsystem's opaque reference: one line, never a CPR number. */
  citizenRef: lineSchema(100),
  team: teamSchema,
  events: z.array(submittedEventSchema).max(50).default([]),
};

/**
 * A new case, by case type (obligations H2: its event vocabulary and rule sets apply). A fleksjob case needs the
 * citizen's birth date; a sygedagpenge case stores no personal fact (trials spec H2): a birth date sent is ignored.
 */
export const createCaseSchema = z.discriminatedUnion('caseType', [
  z.strictObject({
    ...caseFields,
    caseType: z.literal('fleksjob').default('fleksjob'),
    birthDate: isoDate('is required for a fleksjob case'),
  }),
  z.strictObject({ ...caseFields, caseType: z.literal('sygedagpenge'), birthDate: isoDateSchema.optional() }),
]);
export type CreateCaseDto = z.infer<typeof createCaseSchema>;

/** fleksjob: PRE, LY, JOB, CLOSED; sygedagpenge: PRE, SICK, RECOVERED, CLOSED (trials spec S1). */
export const CASE_PHASES = ['PRE', 'LY', 'JOB', 'SICK', 'RECOVERED', 'CLOSED'] as const;

/** A comma-separated list of the given values (a query filter), as a pattern the document states. */
export const listOf = (values: readonly string[]) =>
  new RegExp(`^(?:${values.join('|')})(?:,(?:${values.join('|')}))*$`);

/** Free text that explains a decision (move, close, retraction, waiver): required, bounded. */
export const reasonSchema = freeTextSchema(500);

export const caseQuerySchema = z.object({
  team: teamSchema.optional(),
  /** Part of the citizen reference (case-insensitive). */
  q: z.string().trim().min(1).max(100).optional(),
  caseType: z.enum(['fleksjob', 'sygedagpenge']).optional(),
  /** Only cases whose next deadline falls on or before this date. */
  dueBefore: isoDateSchema.optional(),
  /** `true`: only cases with overdue obligations. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  phase: z
    .string()
    .regex(listOf(CASE_PHASES), `must be a comma-separated list of ${CASE_PHASES.join(', ')}`)
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(CASE_PHASES)).min(1))
    .optional(),
  limit: queryIntSchema(1, 200).default(50),
  cursor: z.string().max(500).optional(),
});
export type CaseQueryDto = z.infer<typeof caseQuerySchema>;

export const moveCaseSchema = z.strictObject({ team: teamSchema, reason: reasonSchema });
export type MoveCaseDto = z.infer<typeof moveCaseSchema>;

export const closeCaseSchema = z.strictObject({
  /** Idempotency key; default `case-closed:<date>`. Re-closing after a retracted close needs a fresh one. */
  eventId: eventIdSchema.optional(),
  date: isoDateSchema.optional(),
  reason: reasonSchema,
});
export type CloseCaseDto = z.infer<typeof closeCaseSchema>;

export const pageQuerySchema = z.object({
  limit: queryIntSchema(1, 200).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageQueryDto = z.infer<typeof pageQuerySchema>;
