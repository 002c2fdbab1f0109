/**
 * Programme "Aktive hurtigere tilbage" (spec trials-and-sygedagpenge.md §U): `aht-2009` (historical; versions
 * aht-2009 and aht-2009-mj = midtvejsjustering). Historical trial rules, not law (§Y). The hypothetical 2027 replay
 * `aht-demo` of the worked examples is a test fixture (testing/aht-demo.programme.json), loaded as data like any
 * programme an installation adopts (ADOPTED_PROGRAMMES), never part of this published catalogue.
 */
import {
  type OverlayDefinition,
  type TrialCaseTypeRule,
  type TrialProgramme,
  type TrialVersion,
  type TrialVersionParameters,
  defineProgramme,
} from './trial-programme';

const V1: TrialVersionParameters = {
  contactIntervalDays: 7,
  contactForms: ['in-person'],
  contactHeldBy: ['jobcenter', 'other-actor', 'offer-provider'],
  targetHours: 10,
  leadInDays: 14,
};

// Midtvejsjustering: phone opened (002 L232 fn 3), individual cadence 7–28 days (002 L222; bounds = policy, X9).
const V2: TrialVersionParameters = {
  ...V1,
  contactForms: ['in-person', 'phone', 'video'],
  individualIntervalDays: { min: 7, max: 28 },
};

const OVERLAYS: readonly OverlayDefinition[] = [
  {
    code: 'aht-weekly-contact',
    name: 'Ugentlig kontaktsamtale i forsøgsperioden',
    kind: 'target',
    source: 'trial requirement', // provenance: seed 002 L222, L226
    form: 'recurring-contact',
    taskTitle: 'Ugentlig kontaktsamtale (forsøg) senest {dueOn}',
    explanation: '{interval} dage efter {anchorLabel} {anchorOn} = {nominalDueOn}',
    metBy: ['CONTACT_HELD', 'SICKNESS_FOLLOWUP_HELD'],
    anchorLabels: {
      TRIAL_ASSIGNED: 'randomisering',
      CONTACT_HELD: 'kontaktsamtale',
      SICKNESS_FOLLOWUP_HELD: 'opfølgningssamtale',
      OBLIGATION_WAIVED: 'dispensation',
    },
  },
  {
    code: 'aht-activity-10h',
    name: '10 timers aktive tilbud pr. uge',
    kind: 'target',
    source: 'trial requirement; 14-day lead-in = local policy default', // provenance: seed 002 L236, L238
    form: 'volume',
    taskTitle: 'Sørg for {targetHours} timers aktive tilbud i uge {week} ({startedOn}–{dueOn})',
    explanation: 'uge {week} af forsøget {startedOn}–{dueOn}: mål {targetHours} timer, registreret {hours} timer',
  },
];

const CASE_TYPES: Readonly<Record<string, TrialCaseTypeRule>> = {
  // "i tilknytning til første opfølgningssamtale" (002 L222, X6).
  sygedagpenge: {
    entry: ['first-followup-today'],
    suspendedWhen: ['partial-return'],
    suspendedBy: 'PARTIAL_RETURN_STARTED',
    resumedBy: 'PARTIAL_RETURN_ENDED',
    endedBy: { RETURNED_TO_WORK: 'returned-to-work', CASE_CLOSED: 'case-closed' },
  },
  // Fleksjobvisiterede: any day in phase LY (U5, X13).
  fleksjob: {
    entry: ['in-phase:LY'],
    suspendedWhen: [],
    endedBy: { FLEXJOB_STARTED: 'flexjob', CASE_CLOSED: 'case-closed' },
  },
};

const reasonCodes = (from: string, midway: string) => [
  { code: 'no-return-possible', meaning: 'sygdommen muliggør ikke tilbagevenden', effectiveFrom: from },
  { code: 'disability-pension-case', meaning: 'påbegyndt førtidspensionssag', effectiveFrom: from },
  { code: 'terminal-illness', meaning: 'terminalstadiet', effectiveFrom: from },
  { code: 'treatment-obstacle', meaning: 'behandling er en hindring', effectiveFrom: from },
  { code: 'pregnancy-related', meaning: 'graviditetsbetinget sygdom', effectiveFrom: from },
  { code: 'return-imminent', meaning: 'tilbagevenden til eget job nært forestående', effectiveFrom: midway },
  { code: 'health-treatment', meaning: 'behandling/genoptræning i sundhedssystemet', effectiveFrom: midway },
];

export const AHT_2009: TrialProgramme = defineProgramme({
  id: 'aht-2009',
  name: 'Aktive hurtigere tilbage',
  owner: 'Arbejdsmarkedsstyrelsen (historical, 2009)',
  prefix: 'aht',
  // "fra januar 2009 til september 2009" (002 L20), read as the enrolment window (X12).
  enrolmentWindow: { from: '2009-01-01', to: '2009-09-30' },
  caseTypes: CASE_TYPES,
  arms: ['participant', 'control'],
  periodMonths: 4,
  versions: [
    { id: 'aht-2009', effectiveFrom: '2009-01-01', parameters: V1 },
    { id: 'aht-2009-mj', effectiveFrom: '2009-03-12', parameters: V2 },
  ],
  reasonCodes: reasonCodes('2009-01-01', '2009-03-12'),
  overlays: OVERLAYS,
});

/** Published programmes: the engine's default catalogue (an installation adds its own as data). */
export const PROGRAMMES: readonly TrialProgramme[] = Object.freeze([AHT_2009]);

/** The version of a programme in force on an ISO date (the first version also governs earlier dates). */
export function programmeVersionOn(programme: TrialProgramme, date: string): TrialVersion {
  let chosen = programme.versions[0];
  for (const v of programme.versions) if (v.effectiveFrom <= date) chosen = v;
  return chosen;
}

/** A programme by id in a catalogue: the published one, or the one an evaluation was given (ComputeOptions). */
export function findProgramme(
  id: string | undefined,
  programmes: readonly TrialProgramme[] = PROGRAMMES,
): TrialProgramme | undefined {
  return typeof id === 'string' ? programmes.find((p) => p.id === id) : undefined;
}
