/**
 * Trial programmes (forsøg) as versioned data (spec trials-and-sygedagpenge.md §T1): enrolment window, case types
 * with entry rules, arms, period, versions with effective dates, reason codes with effective dates and an overlay
 * catalog. The engine interprets them (trial-overlay.ts); a programme never weakens a legal obligation (T2 rule 6).
 */
import { type IsoDate, parseIsoDate } from '../dates/iso-date';

export type TrialArm = 'participant' | 'control';

export interface TrialVersionParameters {
  /** Default interval of the recurring contact overlay. */
  readonly contactIntervalDays: number;
  /** Individual interval bounds (TRIAL_CONTACT_CADENCE_SET); absent = not allowed by this version. */
  readonly individualIntervalDays?: { readonly min: number; readonly max: number };
  /** Forms and holders whose contact meets the recurring contact overlay. */
  readonly contactForms: readonly string[];
  readonly contactHeldBy: readonly string[];
  /** Volume target per 7-day window and the lead-in from assignment to the first window (T3). */
  readonly targetHours: number;
  readonly leadInDays: number;
}

export interface TrialVersion {
  readonly id: string;
  readonly effectiveFrom: IsoDate;
  readonly parameters: TrialVersionParameters;
}

export interface TrialReasonCode {
  readonly code: string;
  readonly meaning: string;
  readonly effectiveFrom: IsoDate;
}

/** Per case type: the guards (named by the case type) that must hold on the assignment date, and suspensions. */
export interface TrialCaseTypeRule {
  readonly entry: readonly string[];
  /** Guards under which no volume window opens (U4); the first starts a suspension, e.g. a partial return. */
  readonly suspendedWhen: readonly string[];
  /** Event types that suspend (and cancel the open window) and resume the volume target. */
  readonly suspendedBy?: string;
  readonly resumedBy?: string;
  /** Events that end the enrolment early, with their outcome (T2 rule 5, Z6). */
  readonly endedBy: Readonly<Record<string, EnrolmentOutcome>>;
}

export interface OverlayDefinition {
  readonly code: string;
  readonly name: string;
  readonly kind: 'target';
  readonly source: string;
  /** `recurring-contact`: met by a contact whose form and heldBy the version accepts (U1); `volume`: T3. */
  readonly form: 'recurring-contact' | 'volume';
  readonly taskTitle: string;
  readonly explanation: string;
  /** recurring-contact: events that meet it (each carrying form and heldBy). */
  readonly metBy?: readonly string[];
  /** Danish anchor labels by event type (the assignment is "randomisering"). */
  readonly anchorLabels?: Readonly<Record<string, string>>;
}

export type EnrolmentOutcome = 'period-ended' | 'flexjob' | 'returned-to-work' | 'case-closed' | 'exempted';

export interface TrialProgramme {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  /** Codes of the overlay catalog start with `${prefix}-`; one enrolment per prefix and case (T2 rule 1). */
  readonly prefix: string;
  readonly enrolmentWindow: { readonly from: IsoDate; readonly to: IsoDate };
  readonly caseTypes: Readonly<Record<string, TrialCaseTypeRule>>;
  readonly arms: readonly TrialArm[];
  readonly periodMonths: number;
  readonly versions: readonly TrialVersion[];
  readonly reasonCodes: readonly TrialReasonCode[];
  readonly overlays: readonly OverlayDefinition[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Validates and freezes a programme (published data is immutable, like a rule set). */
export function defineProgramme(programme: TrialProgramme): TrialProgramme {
  parseIsoDate(programme.enrolmentWindow.from);
  parseIsoDate(programme.enrolmentWindow.to);
  if (programme.versions.length === 0) throw new Error(`Programme ${programme.id}: no version`);
  let last = '';
  for (const v of programme.versions) {
    parseIsoDate(v.effectiveFrom);
    if (v.effectiveFrom <= last) throw new Error(`Programme ${programme.id}: versions must be in effectiveFrom order`);
    last = v.effectiveFrom;
  }
  for (const r of programme.reasonCodes) parseIsoDate(r.effectiveFrom);
  for (const o of programme.overlays)
    if (!o.code.startsWith(`${programme.prefix}-`))
      throw new Error(`Programme ${programme.id}: overlay ${o.code} must start with ${programme.prefix}-`);
  return deepFreeze(programme);
}
