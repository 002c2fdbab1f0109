/** The trial events (T2, U3, U4) shared by every case type, and the overlay codes (for OBLIGATION_WAIVED). */
import { type EventTypeDefinition } from '../case-types/case-type';
import { findProgramme } from './aht.programmes';
import type { TrialProgramme } from './trial-programme';

export const OVERLAY_OBLIGATION_CODES = ['aht-weekly-contact', 'aht-activity-10h'] as const;
/** The event types that concern a trial (the first one creates the engine's trial tracker). */
export const TRIAL_EVENT_TYPES: readonly string[] = ['TRIAL_CONTACT_CADENCE_SET', 'TRIAL_ASSIGNED', 'TRIAL_EXEMPTED'];
export const TRIAL_ARMS = ['participant', 'control'] as const;
export const TRIAL_CADENCE_REASONS = ['partial-return', 'hospitalised', 'standard'] as const;

function programmeProblem(
  raw: Readonly<Record<string, unknown>>,
  programmes: readonly TrialProgramme[],
): Array<[string, string]> | undefined {
  const program = raw.program;
  if (findProgramme(program as string, programmes) === undefined)
    return [
      ['program', `${JSON.stringify(program)} is not a trial programme (${programmes.map((p) => p.id).join(', ')})`],
    ];
  return undefined;
}

/** Trial events with this case type's same-date ranks. */
export function TRIAL_EVENTS(ranks: { cadence: number; assigned: number; exempted: number }): EventTypeDefinition[] {
  return [
    {
      type: 'TRIAL_CONTACT_CADENCE_SET',
      meaning: 'individuel kontaktkadence i forsøget',
      rank: ranks.cadence,
      fulfilment: false,
      fields: {
        program: { kind: 'text', required: true },
        intervalDays: { kind: 'integer', min: 7, max: 28, required: true },
        reason: { kind: 'enum', values: TRIAL_CADENCE_REASONS, required: true },
      },
      check: (raw, _migrated, programmes) => {
        const problems = programmeProblem(raw, programmes) ?? [];
        // Z8: the standard cadence is 7 days.
        if (raw.reason === 'standard' && raw.intervalDays !== 7)
          problems.push(['intervalDays', `must be 7 with reason standard, got ${String(raw.intervalDays)}`]);
        return problems.length > 0 ? problems : undefined;
      },
    },
    {
      type: 'TRIAL_ASSIGNED',
      meaning: 'randomiseret til forsøg',
      rank: ranks.assigned,
      fulfilment: false,
      fields: {
        program: { kind: 'text', required: true },
        arm: { kind: 'text', required: true },
      },
      check: (raw, _migrated, programmes) => {
        const programme = findProgramme(raw.program as string, programmes);
        if (!programme) return programmeProblem(raw, programmes);
        if (!(programme.arms as readonly unknown[]).includes(raw.arm))
          return [
            ['arm', `${JSON.stringify(raw.arm)} is not an arm of ${programme.id} (${programme.arms.join(', ')})`],
          ];
        return undefined;
      },
    },
    {
      type: 'TRIAL_EXEMPTED',
      meaning: 'fritaget fra forsøget',
      rank: ranks.exempted,
      fulfilment: false,
      fields: {
        program: { kind: 'text', required: true },
        reason: { kind: 'text', required: true },
      },
      check: (raw, _migrated, programmes) => {
        const programme = findProgramme(raw.program as string, programmes);
        if (!programme) return programmeProblem(raw, programmes);
        if (!programme.reasonCodes.some((r) => r.code === raw.reason))
          return [
            [
              'reason',
              `${JSON.stringify(raw.reason)} is not a fritagelse code of ${programme.id} (${programme.reasonCodes.map((r) => r.code).join(', ')})`,
            ],
          ];
        return undefined;
      },
    },
  ];
}
