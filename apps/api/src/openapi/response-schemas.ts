import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { zodJsonSchema } from './zod-openapi';

// Response shapes for the OpenAPI document only (the services build these objects; tests pin them down).
const date = z.string().describe('YYYY-MM-DD (Europe/Copenhagen)');
const instant = z.string().describe('ISO 8601 instant');
const STATUS = z
  .enum(['open', 'overdue', 'met', 'met-late', 'waived', 'cancelled', 'missed'])
  .describe('missed: a volume window (trial) closed on its due date without reaching its target; final');
const PHASE = z
  .enum(['PRE', 'LY', 'JOB', 'SICK', 'RECOVERED', 'CLOSED'])
  .describe('fleksjob: PRE, LY, JOB, CLOSED; sygedagpenge: PRE, SICK, RECOVERED, CLOSED');

const obligation = z.object({
  taskId: z.uuid(),
  code: z.string().describe('obligation code, e.g. contact-14d'),
  occurrence: z.int(),
  kind: z.enum(['legal', 'target', 'policy']),
  status: STATUS,
  title: z.string(),
  startedOn: date,
  nominalDueOn: date,
  dueOn: date.describe('the nominal date shifted to a working day'),
  remindOn: date.nullable(),
  closedOn: date.nullable(),
  ruleSet: z.string(),
  source: z.string().describe('provenance of the rule (English); the caseworker is shown legalBasis.text'),
  legalBasis: z
    .object({
      text: z.string().describe('the legal basis shown to caseworkers ("Hjemmel"), Danish, verbatim'),
      tag: z
        .enum(['L', 'R', 'S', 'I', 'P'])
        .describe('authority of the due date: law, remarks, secondary, inferred, product choice'),
    })
    .nullable()
    .describe('null only for a code without an entry'),
  explanation: z.string().describe('why this date: duration, anchor event and date, nominal date, any shift'),
});

export const taskResponse = obligation
  .extend({
    caseId: z.uuid(),
    team: z.string(),
    assignee: z.string().nullable(),
    version: z.int().describe('also the ETag'),
  })
  .meta({ id: 'Task' });

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('pass as cursor for the next page') });

/** An inbox row: the task without its reasons (explanation, legal basis, provenance: GET /api/v1/tasks/{id}). */
export const taskPageResponse = page(
  taskResponse
    .omit({ explanation: true, legalBasis: true, source: true })
    .extend({
      citizenRef: z.string().describe("the case's citizen reference, so an inbox card names the case"),
      caseType: z.enum(['fleksjob', 'sygedagpenge']),
    })
    .meta({
      id: 'InboxTask',
      description:
        'A task as the inbox lists it. Why it is due (explanation, legalBasis, source) is in the task itself: ' +
        'GET /api/v1/tasks/{id}',
    }),
);

export const taskEventResponse = z.object({
  task: taskResponse.nullable(),
  accepted: z.array(z.object({ eventId: z.string(), duplicate: z.boolean() })),
  warnings: z.array(z.object({ eventIndex: z.int(), type: z.string(), reason: z.string() })),
});

const engineOccurrence = z
  .looseObject({
    code: z.string(),
    occurrence: z.int(),
    kind: z.string(),
    status: STATUS,
    ruleSet: z.string(),
    startedOn: date,
    nominalDueOn: date,
    dueOn: date,
    explanation: z.string(),
  })
  .meta({ id: 'EngineOccurrence' });

export const caseSnapshotResponse = z.object({
  caseId: z.uuid(),
  team: z.string(),
  phase: PHASE,
  asOf: date,
  obligations: z.array(engineOccurrence),
  warnings: z.array(z.object({ eventIndex: z.int(), type: z.string(), reason: z.string() })),
  nextDueOn: date.nullable(),
  projectionSeq: z.int(),
});

export const applyEventsResponse = caseSnapshotResponse
  .extend({ accepted: z.array(z.object({ eventId: z.string(), duplicate: z.boolean() })) })
  .meta({ id: 'AppliedEvents' });

export const correctEventResponse = caseSnapshotResponse.extend({ duplicate: z.boolean() });

const enrolment = z
  .object({
    program: z.string().describe('programme id, e.g. aht-2009'),
    programName: z.string(),
    arm: z.enum(['participant', 'control']),
    version: z.string().describe('the programme version in force on the assignment date'),
    assignedOn: date,
    lastDayOn: date.describe('L = assignedOn + period − 1 day'),
    status: z.enum(['active', 'completed', 'exempted', 'ended']),
    endedOn: date.nullable(),
    outcome: z.enum(['period-ended', 'flexjob', 'returned-to-work', 'case-closed', 'exempted']).nullable(),
    exemptionReason: z.string().nullable().describe('fritagelse code'),
    exemptionReasonText: z.string().nullable().describe('the code in Danish'),
  })
  .meta({ id: 'Enrolment' });
export const enrolmentListResponse = z.object({ items: z.array(enrolment) });
export const trialDecisionResponse = applyEventsResponse.extend({ enrolments: z.array(enrolment) });

export const caseListResponse = page(
  z.object({
    id: z.uuid(),
    citizenRef: z.string(),
    team: z.string(),
    caseType: z.enum(['fleksjob', 'sygedagpenge']),
    phase: PHASE,
    nextDueOn: date.nullable(),
    overdueCount: z.int(),
    closedOn: date.nullable(),
    updatedAt: instant,
  }),
);

export const caseViewResponse = z.object({
  id: z.uuid(),
  citizenRef: z.string(),
  team: z.string(),
  caseType: z.enum(['fleksjob', 'sygedagpenge']),
  birthDate: date.nullable().describe('fleksjob only; null for sygedagpenge (no personal fact is stored)'),
  phase: PHASE,
  nextDueOn: date.nullable(),
  overdueCount: z.int(),
  closedOn: date.nullable(),
  obligations: z.array(obligation),
  events: z.array(
    z.object({
      eventId: z.string(),
      type: z.string(),
      date,
      fields: z.record(z.string(), z.unknown()),
      recordedAt: instant,
      actor: z.string().nullable(),
      corrects: z.string().nullable(),
      retracted: z.object({ at: instant, reason: z.string().nullable(), replacedBy: z.string().nullable() }).nullable(),
    }),
  ),
  jobtalkPeriods: z
    .array(
      z.object({
        periodStart: date,
        lastDay: date.describe('L: the last day of the first 6 months on ledighedsydelse'),
        heldCount: z.int(),
        outcome: z.enum(['exempted', 'met', 'ended-early', 'short', 'open']),
        exemptedOn: date.nullable(),
        exemptionReason: z.string().nullable(),
        endedOn: date.nullable(),
      }),
    )
    .describe('the ly-jobtalk periods (law-2026); empty unless the case has taken MIG-2026'),
});

export const auditPageResponse = page(
  z.object({
    id: z.string(),
    at: instant,
    actor: z.string().nullable(),
    action: z
      .string()
      .describe(
        'EVENT_RECORDED, EVENT_CORRECTED, EVENT_RETRACTED, CASE_MOVED, DUE_DATE_MOVED, TASK_…, TRIAL_ASSIGNED, TRIAL_EXEMPTED',
      ),
    details: z.record(z.string(), z.unknown()),
  }),
);

export const teamListResponse = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string().describe('Danish display name') })),
});

const webhook = z.object({
  id: z.uuid(),
  team: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  createdBy: z.string(),
  createdAt: instant,
});
export const webhookCreatedResponse = webhook.extend({ secret: z.string().describe('shown only here') });
export const webhookListResponse = z.object({ items: z.array(webhook) });
export const webhookDeliveriesResponse = z.object({
  items: z.array(
    z.object({
      changeId: z.string(),
      attempt: z.int(),
      outcome: z.enum(['delivered', 'failed']),
      httpStatus: z.int().nullable(),
      error: z.string().nullable(),
      durationMs: z.int(),
      at: instant,
    }),
  ),
});

/** An import report (POST /api/v1/imports/validate): totals, day-one overdue per team, and every case's verdict. */
export const importReportResponse = z.object({
  totals: z.object({
    cases: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    events: z.number().int(),
    overdueObligations: z.number().int(),
    casesWithOverdue: z.number().int(),
    outcomes: z.partialRecord(
      z.enum(['created', 'updated', 'unchanged', 'conflict', 'failed', 'rejected']),
      z.number().int(),
    ),
  }),
  overdueByTeam: z.array(
    z.object({
      team: z.string(),
      code: z.string(),
      title: z.string(),
      cases: z.number().int(),
      oldestDueOn: z.string(),
    }),
  ),
  cases: z.array(
    z.object({
      line: z.number().int(),
      caseId: z.string().nullable(),
      team: z.string().nullable(),
      caseType: z.string().nullable(),
      status: z.enum(['accepted', 'rejected']),
      outcome: z.enum(['created', 'updated', 'unchanged', 'conflict', 'failed', 'rejected']).optional(),
      note: z.string().optional().describe('Danish: why a conflict or failure happened'),
      issues: z.array(
        z.object({
          eventIndex: z.number().int().optional(),
          eventId: z.string().optional(),
          line: z.number().int(),
          field: z.string().optional(),
          reason: z.string().describe('Danish, for the person fixing the export'),
          detail: z.string(),
        }),
      ),
      openObligations: z.number().int(),
      overdue: z.array(z.object({ code: z.string(), title: z.string(), dueOn: z.string() })),
    }),
  ),
});

/** An import run (POST /api/v1/imports): the report of what it did, with its batch. */
export const importRunResponse = importReportResponse.extend({
  batchId: z.string(),
  resumed: z.boolean().describe('an unfinished batch of the same file was continued'),
  seconds: z.number(),
});

/** A success response with a JSON body described by a zod schema. */
export const ApiZodResponse = (status: number, schema: z.ZodType, description = 'OK') =>
  ApiResponse({ status, description, content: { 'application/json': { schema: zodJsonSchema(schema) } } });

/** The success response of a task read or change: the task, with its version as ETag. */
export const ApiTaskResponse = (schema: z.ZodType = taskResponse) =>
  ApiResponse({
    status: 200,
    description: 'The task; the ETag header carries its version',
    headers: { ETag: { schema: { type: 'string' }, description: 'e.g. "7"' } },
    content: { 'application/json': { schema: zodJsonSchema(schema) } },
  });
