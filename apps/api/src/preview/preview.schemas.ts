/**
 * OpenAPI shapes of the preview contract (documentation only: the engine validates the body itself, C1, and
 * answers INVALID_TIMELINE with one issue per problem). law-2026 O1–O3 add migrations/ruleSetConfig and the
 * migrated row fields.
 */
import { MIGRATION_IDS, RULE_SET_SWITCHES } from '@frist/obligations';
import { z } from 'zod';

const date = z.string().describe('YYYY-MM-DD (Europe/Copenhagen)');

export const previewRequest = z.looseObject({
  case: z.looseObject({
    caseId: z.string().optional(),
    caseType: z.enum(['fleksjob', 'sygedagpenge']).optional().describe('default fleksjob'),
    birthDate: date.optional().describe('required for fleksjob'),
    team: z.string().optional(),
  }),
  events: z
    .array(z.looseObject({ type: z.string(), date }))
    .describe('any order; fields per event type, see GET /api/v1/preview/catalog'),
  asOf: date.optional().describe('the ?asOf query wins; default today (Copenhagen)'),
  migrations: z
    .array(z.object({ id: z.enum(MIGRATION_IDS), publishedOn: date }))
    .optional()
    .describe('the migrations that have run; MIG-2026 applies the 2026 rule sets by their legal dates'),
  ruleSetConfig: z
    .object(Object.fromEntries(RULE_SET_SWITCHES.map((key) => [key, z.boolean().optional()])))
    .optional()
    .describe('local-policy switches, default true; read only after MIG-2026; unknown keys are ignored'),
});

const legalBasis = z.object({
  text: z.string().describe('Danish legal basis shown as "Hjemmel"'),
  tag: z
    .enum(['L', 'R', 'S', 'I', 'P'])
    .describe('authority of the due date: law, remarks, secondary, inferred, product'),
});

const previewObligation = z.object({
  code: z.string(),
  occurrence: z.int(),
  k: z.int().optional().describe('series index (after MIG-2026)'),
  kind: z.enum(['legal', 'target', 'policy']),
  status: z.enum(['open', 'overdue', 'met', 'met-late', 'waived', 'cancelled', 'missed']),
  ruleSet: z.string(),
  program: z.string().optional(),
  startedOn: date,
  anchorOn: date,
  remindOn: date.optional(),
  nominalDueOn: date,
  dueOn: date,
  metOn: date.optional(),
  cancelledOn: date.optional(),
  pausedSince: date.optional(),
  waiverReason: z.string().optional(),
  source: z.string(),
  legalBasis: legalBasis.optional().describe('on every row after MIG-2026'),
  backfilled: z.boolean().optional().describe('after MIG-2026: exists only because of it and started before it'),
  provisional: z.boolean().optional().describe('ly-reassessment: a date still depends on assumed future days'),
  week: z.int().optional(),
  targetHours: z.number().optional(),
  registeredHours: z.number().optional(),
  explanation: z.string(),
});

export const previewResponse = z.object({
  ruleSet: z.string().describe('the rule set in force on asOf'),
  asOf: date,
  migrations: z.array(z.string()).optional().describe('after MIG-2026: ["MIG-2026"]'),
  obligations: z.array(previewObligation).describe('sorted by dueOn, code, occurrence'),
  warnings: z.array(z.object({ eventIndex: z.int(), type: z.string(), reason: z.string() })),
  periods: z
    .array(
      z.object({
        code: z.literal('ly-jobtalk'),
        periodStart: date,
        lastDay: date,
        heldCount: z.int(),
        outcome: z.enum(['exempted', 'met', 'ended-early', 'short', 'open']),
        exemptedOn: date.nullable(),
        exemptionReason: z.string().nullable(),
        endedOn: date.nullable(),
        source: z.string(),
      }),
    )
    .optional()
    .describe('after MIG-2026: the tracked ly-jobtalk periods'),
  enrolments: z.array(z.looseObject({ program: z.string(), arm: z.string() })),
});

/** What a form needs to offer exactly what the engine accepts for a case type. */
export const catalogResponse = z.object({
  caseType: z.string(),
  ruleSet: z.string().describe('the rule set the case type starts under'),
  eventTypes: z.array(
    z.object({
      type: z.string(),
      meaning: z.string(),
      fields: z.record(z.string(), z.unknown()).describe('field name → its description in the vocabulary'),
    }),
  ),
  obligations: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string(), metBy: z.array(z.string()) })),
  programmes: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        arms: z.array(z.string()),
        enrolmentWindow: z.object({ from: date, to: date }),
        versions: z.array(z.object({ id: z.string(), effectiveFrom: date })),
        reasonCodes: z.array(z.object({ code: z.string(), meaning: z.string(), effectiveFrom: date })),
      }),
    )
    .describe('trial programmes open to this case type, with arms, versions and fritagelse codes'),
});
export type EngineCatalog = z.infer<typeof catalogResponse>;
