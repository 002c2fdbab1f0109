import { z } from 'zod';
import { teamSchema } from '../../common/schemas';
import { exportFormatField } from '../../exports/csv-response';

export const trialKpisQuerySchema = z.object({
  /** Programme id, e.g. `aht-2009`; an unknown one answers 404 PROGRAMME_NOT_FOUND. */
  programme: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a programme id, e.g. aht-2009')
    .describe('trial programme id, e.g. aht-2009'),
  team: teamSchema.optional().describe('one of your teams; default all of them'),
  version: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
    .optional()
    .describe('only enrolments assigned under this programme version (the version in force on the assignment date)'),
  ...exportFormatField,
});
export type TrialKpisQueryDto = z.infer<typeof trialKpisQuerySchema>;

// Response shape for the OpenAPI document (the service builds it; the integration tests pin it down).
const rate = z.number().nullable().describe('0–1, three decimals; null when the denominator is 0');
const date = z.string().describe('YYYY-MM-DD (Europe/Copenhagen)');

const occurrenceCounts = z.object({
  planned: z.int().describe('due in the enrolment window and met, met late, overdue, or cancelled after its due date'),
  held: z.int().describe('met + met late'),
  onTime: z.int().describe('met by the due date'),
  waived: z.int().describe('excused by a dispensation; not planned'),
  heldRate: rate,
  onTimeRate: rate.describe('onTime ÷ planned'),
});

const armKpis = z.object({
  arm: z.enum(['participant', 'control']),
  caseType: z.string().nullable().describe('null: all case types of the arm'),
  enrolled: z.int(),
  active: z.int().describe('enrolments still running today'),
  caseWeeks: z.number().describe('sum over enrolments of the days in [T, min(L, endedOn − 1, today)], ÷ 7'),
  outcomes: z.record(z.string(), z.int()).describe('by status (active) or outcome (period-ended, exempted, …)'),
  exemptions: z.object({
    exempted: z.int(),
    rate: rate.describe('exempted ÷ enrolled'),
    byReason: z.array(z.object({ code: z.string(), count: z.int(), rate })),
    byVersion: z.array(z.object({ version: z.string(), count: z.int() })),
  }),
  weeklyContacts: occurrenceCounts
    .nullable()
    .describe('the recurring contact overlay; null for the control arm, which has none'),
  statutory: occurrenceCounts
    .extend({ byCode: z.array(occurrenceCounts.extend({ code: z.string() })) })
    .describe('the base legal obligations (e.g. sdp-followup), identical rules in both arms'),
  conversations: z.object({
    held: z.int().describe('CONTACT_HELD and SICKNESS_FOLLOWUP_HELD in the window'),
    perCaseWeek: z.number().nullable(),
  }),
  activity: z.object({
    hours: z.number().describe('ACTIVE_OFFER_HOURS_REGISTERED in the window'),
    labHours: z.number(),
    preventiveHours: z.number(),
    hoursPerCaseWeek: z.number().nullable(),
    casesWithHours: z.int(),
    shareWithHours: rate,
    windows: z
      .object({
        met: z.int(),
        missed: z.int(),
        shareMet: rate.describe('met ÷ (met + missed)'),
        registeredHours: z.number().describe('hours registered in the met and missed windows'),
        avgHoursPerWindow: z.number().nullable(),
        targetHours: z.number().nullable(),
      })
      .nullable()
      .describe('the volume windows (10 h per 7 days); null for the control arm'),
  }),
});

export const trialKpisResponse = z.object({
  today: date,
  programme: z.object({
    id: z.string(),
    name: z.string(),
    arms: z.array(z.string()),
    periodMonths: z.int(),
    enrolmentWindow: z.object({ from: date, to: date }),
    versions: z.array(z.object({ id: z.string(), effectiveFrom: date })),
    reasonCodes: z.array(z.object({ code: z.string(), meaning: z.string(), effectiveFrom: date })),
  }),
  arms: z.array(armKpis).describe('one per arm of the programme, all case types together'),
  byCaseType: z.array(armKpis).describe('per arm and case type'),
  exemptionGap: z
    .object({
      participantRate: rate,
      controlRate: rate,
      difference: z.number().nullable().describe('participant − control, in rate units'),
      ratio: z.number().nullable().describe('participant ÷ control; null when the control rate is 0'),
      z: z.number().nullable().describe('two-proportion z statistic'),
      flag: z
        .enum(['none', 'watch', 'significant'])
        .describe('significant: |z| ≥ 1.96; watch: a difference of at least 5 points and a ratio of 1.5 or more'),
    })
    .describe(
      'the fritagelse imbalance between the arms (K2; the 2009 evaluation found far more in the participant arm)',
    ),
});
