/** Request and response shapes of /api/v1/rule-changes (validated by zod, documented from the same schemas). */
import { z } from 'zod';
import { isValidIsoDate, RULE_SET_SWITCHES } from '@frist/obligations';
import { RULE_CHANGE_KINDS, RULE_CHANGE_STATUSES } from '@frist/persistence';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * The dry run's totals and a bounded sample of its per-case rows. The API computes it when a migration or a policy
 * change is drafted (from the read model, as of `asOf`); a request cannot carry one.
 */
export const impactSchema = z
  .object({
    asOf: isoDate,
    cases: z.int().min(0),
    casesAffected: z.int().min(0),
    totals: z.record(z.string().max(40), z.int().min(0)),
    rows: z
      .array(z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()])))
      .max(500)
      .default([]),
    rowsTotal: z.int().min(0),
    file: z.string().max(300).optional().describe('(drafts made before the API computed the impact)'),
    computedBy: z.literal('api').optional().describe('the API computed this impact from the read model'),
  })
  .strict();

export const draftRuleChangeSchema = z
  .object({
    kind: z.enum(RULE_CHANGE_KINDS),
    target: text(63).describe('rule-set id, migration id (MIG-2026), or policy scope (municipality or a team id)'),
    title: text(300),
    payload: z
      .object({
        switches: z.partialRecord(z.enum(RULE_SET_SWITCHES), z.boolean()).optional(),
        effectiveFrom: isoDate.optional(),
        decisionDate: isoDate.optional(),
      })
      .strict()
      .optional()
      .describe('policy: the switches, the decision date and the date they take effect from'),
    asOf: isoDate
      .refine(isValidIsoDate, 'must be a date that exists')
      .optional()
      .describe(
        'migration and policy: the date the API runs the dry run as of (default today); the impact the approver ' +
          'sees is always computed by the API, never taken from the request',
      ),
  })
  .strict();
export type DraftRuleChangeDto = z.infer<typeof draftRuleChangeSchema>;

export const approveRuleChangeSchema = z
  .object({
    sourcesChecked: z
      .array(text(300))
      .min(1, 'name at least one legal source that was checked')
      .max(50)
      .describe('the legal sources the approver checked, e.g. "lov nr. 1750/2025 § 4"'),
  })
  .strict();
export type ApproveRuleChangeDto = z.infer<typeof approveRuleChangeSchema>;

export const ruleChangeQuerySchema = z
  .object({ status: z.enum(RULE_CHANGE_STATUSES).optional(), kind: z.enum(RULE_CHANGE_KINDS).optional() })
  .strict();
export type RuleChangeQueryDto = z.infer<typeof ruleChangeQuerySchema>;

const instant = z.string().describe('ISO 8601 instant');
const ruleChange = z.object({
  id: z.uuid(),
  kind: z.enum(RULE_CHANGE_KINDS),
  target: z.string(),
  title: z.string(),
  status: z.enum(RULE_CHANGE_STATUSES),
  unverified: z.boolean().describe('a reserved 2027 rule set: never approved or published'),
  payload: z.record(z.string(), z.unknown()),
  impact: impactSchema.nullable(),
  draftedBy: z.string(),
  draftedAt: instant,
  approvedBy: z.string().nullable(),
  approvedAt: instant.nullable(),
  sourcesChecked: z.array(z.string()).nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: instant.nullable(),
});
export const ruleChangeResponse = ruleChange.extend({
  audit: z
    .array(
      z.object({
        action: z.enum(['drafted', 'approved', 'published', 'applied']),
        actor: z.string(),
        role: z.string(),
        at: instant,
        details: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
});
export const ruleChangeListResponse = z.object({ items: z.array(ruleChange) });
