import { z } from 'zod';
import { isoDateSchema, queryIntSchema, teamSchema } from '../../common/schemas';
import { exportFormatField } from '../../exports/csv-response';
import { PERIOD_OUTCOMES } from '../jobtalk-quota.service';

/** The longest range one request may measure: 8 quarters. */
const MAX_RANGE_DAYS = 731;

const range = {
  team: teamSchema.optional().describe('one of your teams; default all of them'),
  from: isoDateSchema
    .optional()
    .describe('first day of the range (periods by their last day L); with `to`. Default: the previous quarter'),
  to: isoDateSchema.optional().describe('last day of the range; with `from`. Default: the end of the next quarter'),
};

const rangeRules = <T extends { from?: string; to?: string }>(q: T, ctx: z.RefinementCtx) => {
  if ((q.from === undefined) !== (q.to === undefined))
    ctx.addIssue({ code: 'custom', path: [q.from ? 'to' : 'from'], message: 'give both from and to, or neither' });
  else if (q.from && q.to && q.from > q.to)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
  else if (q.from && q.to && (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > MAX_RANGE_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range may span at most 2 years (8 quarters)' });
};

export const jobtalkQuotaQuerySchema = z
  .object({
    ...range,
    limit: queryIntSchema(1, 1000).optional().describe('at most this many at-risk periods in the answer (default 200)'),
    ...exportFormatField,
  })
  .superRefine(rangeRules);
export type JobtalkQuotaQueryDto = z.infer<typeof jobtalkQuotaQuerySchema>;

export const jobtalkQuotaCasesQuerySchema = z
  .object({
    ...range,
    outcome: z
      .enum([...PERIOD_OUTCOMES, 'at-risk'])
      .optional()
      .describe('the periods behind one figure: an outcome as of today, or at-risk; default all'),
    limit: queryIntSchema(1, 500).optional().describe('page size (default 100)'),
    offset: queryIntSchema(0, 1_000_000).optional().describe('periods to skip (default 0)'),
    ...exportFormatField,
  })
  .superRefine(rangeRules);
export type JobtalkQuotaCasesQueryDto = z.infer<typeof jobtalkQuotaCasesQuerySchema>;

export const exemptionShareQuerySchema = z.object({
  team: teamSchema.describe('the case’s team (one of yours)'),
  on: isoDateSchema
    .optional()
    .describe('a day of the quarter the exemption counts in (the period’s last day L); default today'),
});
export type ExemptionShareQueryDto = z.infer<typeof exemptionShareQuerySchema>;

// Response shapes for the OpenAPI document (the service builds them; the tests pin them down).
const date = z.string().describe('YYYY-MM-DD (Europe/Copenhagen)');
const figures = {
  cohortSize: z.int().describe('periods whose last day L falls in the range'),
  met: z.int().describe('4 or more talks held in [S, L]'),
  exempted: z.int().describe('excepted from the talks (up to 1 in 4)'),
  short: z.int().describe('L passed with fewer than 4 talks'),
  endedEarly: z.int().describe('ended by a fleksjob or a closed case on or before L; not in the denominator'),
  open: z.int().describe('L not yet passed'),
  denominator: z.int().describe('met + exempted + short'),
  metShare: z.number().nullable().describe('met ÷ denominator, 6 decimals; null when the denominator is 0'),
  exemptedShare: z.number().nullable().describe('exempted ÷ denominator, 6 decimals'),
  metSharePercent: z.number().nullable().describe('1 decimal'),
  exemptedSharePercent: z.number().nullable().describe('1 decimal'),
  status: z
    .enum(['incomplete', 'exemption-budget-exceeded', 'below-quota', 'ok'])
    .describe('the first that applies: open > 0; exempted share > 25 %; met share < 75 %; ok'),
};
const atRisk = z.object({
  caseId: z.uuid(),
  citizenRef: z.string(),
  team: z.string(),
  periodStart: date,
  lastDay: date,
  heldCount: z.int(),
  talksNeeded: z.int().describe('4 − heldCount'),
  daysLeft: z.int().describe('L − today'),
});

export const jobtalkQuotaResponse = z.object({
  today: date.describe('the quota’s asOf'),
  from: date,
  to: date,
  teams: z.array(z.string()),
  total: z.object(figures).describe('the whole range as one cohort'),
  quarters: z.array(z.object({ quarter: z.string().describe('e.g. 2026-Q4'), from: date, to: date, ...figures })),
  atRisk: z
    .array(atRisk)
    .describe(
      'open periods of the range that can no longer reach 4 talks at one talk today and one every 28 days until L: ' +
        '4 − heldCount > ⌊(L − today) / 28⌋ + 1; soonest L first',
    ),
  atRiskTotal: z.int(),
});

export const jobtalkQuotaCasesResponse = z.object({
  today: date,
  from: date,
  to: date,
  total: z.int(),
  items: z.array(
    atRisk.omit({ talksNeeded: true, daysLeft: true }).extend({
      outcome: z.enum(PERIOD_OUTCOMES).describe('as of today'),
      atRisk: z.boolean(),
      exemptedOn: date.nullable(),
      exemptionReason: z.string().nullable(),
      endedOn: date.nullable(),
    }),
  ),
});

const shareScope = {
  exempted: z.int(),
  denominator: z.int(),
  exemptedShare: z.number().nullable(),
  exemptedSharePercent: z.number().nullable(),
  withOneMoreShare: z.number().describe('(exempted + 1) ÷ (denominator + 1): with one more exemption'),
  withOneMorePercent: z.number(),
  exceeded: z.boolean().describe('exemptedShare > 0.25: warn EXEMPTION_BUDGET_EXCEEDED; never a refusal'),
  wouldExceed: z.boolean().describe('withOneMoreShare > 0.25'),
};
export const exemptionShareResponse = z.object({
  today: date,
  quarter: z.string(),
  from: date,
  to: date,
  limit: z.number().describe('0.25'),
  team: z.object({ team: z.string(), ...shareScope }),
  municipality: z.object(shareScope).describe('every team: the legal level; counts only'),
});
