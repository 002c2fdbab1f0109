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

export const CASE_TYPE_IDS = ['fleksjob', 'sygedagpenge'] as const;

export const createCaseSchema = z
  .object({
    /**
     * Makes creation idempotent: the case id is derived from the team and this key, so a retry lands on the same
     * case and the same key in another team is another case. Without it the id is random.
     */
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 . _ : -')
      .optional(),
    /**
     * A client-chosen case id, accepted only where API_CLIENT_CASE_IDS=true (benchmarks, migrations from a
     * single-team system): it is global, so a taken id reveals that a case exists. Refused otherwise.
     */
    caseId: z.uuid().optional(),
    citizenRef: z.string().trim().min(1).max(100),
    team: teamSchema,
    /** Required for fleksjob; a sygedagpenge case stores no personal fact (trials spec H2), so it is ignored there. */
    birthDate: isoDateSchema.optional(),
    /** The case type (obligations H2); its event vocabulary and rule sets apply. */
    caseType: z.enum(CASE_TYPE_IDS).default('fleksjob'),
    events: z.array(submittedEventSchema).max(50).default([]),
  })
  .superRefine((dto, ctx) => {
    if (dto.caseType === 'fleksjob' && dto.birthDate === undefined)
      ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'is required for a fleksjob case' });
  });
export type CreateCaseDto = z.infer<typeof createCaseSchema>;

/** fleksjob: PRE, LY, JOB, CLOSED; sygedagpenge: PRE, SICK, RECOVERED, CLOSED (trials spec S1). */
export const CASE_PHASES = ['PRE', 'LY', 'JOB', 'SICK', 'RECOVERED', 'CLOSED'] as const;

/** Free text that explains a decision (move, close, retraction, waiver): required, bounded. */
export const reasonSchema = z.string().trim().min(1, 'a reason is required').max(500);

export const caseQuerySchema = z.object({
  team: teamSchema.optional(),
  phase: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(CASE_PHASES)).min(1))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type CaseQueryDto = z.infer<typeof caseQuerySchema>;

export const moveCaseSchema = z.object({ team: teamSchema, reason: reasonSchema });
export type MoveCaseDto = z.infer<typeof moveCaseSchema>;

export const closeCaseSchema = z.object({
  /** Idempotency key; default `case-closed:<date>`. Re-closing after a retracted close needs a fresh one. */
  eventId: eventIdSchema.optional(),
  date: isoDateSchema.optional(),
  reason: reasonSchema,
});
export type CloseCaseDto = z.infer<typeof closeCaseSchema>;

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageQueryDto = z.infer<typeof pageQuerySchema>;
