import type { CaseEvent, CaseTypeId, EngineResult, IsoDate } from '@frist/obligations';
import type { CasePhase } from '@frist/contracts';

interface PhaseRules {
  /** The phase an accepted event leads to. */
  after: Readonly<Record<string, CasePhase>>;
  /** Same-date order of those events (the case type's C2/S3 classes); equal classes keep input order. */
  order: Readonly<Record<string, number>>;
}

/** Phases per case type: fleksjob C3 (PRE → LY ⇄ JOB → CLOSED), sygedagpenge S1 (PRE → SICK → RECOVERED | CLOSED). */
const RULES: Readonly<Record<CaseTypeId, PhaseRules>> = {
  fleksjob: {
    after: { VISITATION_DECIDED: 'LY', FLEXJOB_ENDED: 'LY', FLEXJOB_STARTED: 'JOB', CASE_CLOSED: 'CLOSED' },
    // C2: endings before visitation before job starts before closing.
    order: { FLEXJOB_ENDED: 2, VISITATION_DECIDED: 3, FLEXJOB_STARTED: 5, CASE_CLOSED: 7 },
  },
  sygedagpenge: {
    // A recovered case stays open for a later CASE_CLOSED (S1); a partial return is a flag, not a phase.
    after: { SICK_LEAVE_STARTED: 'SICK', RETURNED_TO_WORK: 'RECOVERED', CASE_CLOSED: 'CLOSED' },
    // S3: class 1 first; RETURNED_TO_WORK and CASE_CLOSED share class 7 and keep input order.
    order: { SICK_LEAVE_STARTED: 1, RETURNED_TO_WORK: 7, CASE_CLOSED: 7 },
  },
};

/**
 * The case's phase (fleksjob C3, sygedagpenge S1) for the read model and search attributes. Events the engine
 * rejected as not fitting the case state (its warnings) change nothing here either.
 */
export function derivePhase(
  events: CaseEvent[],
  result: EngineResult,
  caseType: CaseTypeId = 'fleksjob',
): { phase: CasePhase; closedOn: IsoDate | null } {
  const { after, order } = RULES[caseType];
  const ignored = new Set(result.warnings.map((w) => w.eventIndex));
  const relevant = events
    .map((e, i) => ({ e, i }))
    .filter(({ e, i }) => !ignored.has(i) && after[e.type] && e.date <= result.asOf)
    .sort((a, b) =>
      a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : (order[a.e.type] ?? 0) - (order[b.e.type] ?? 0) || a.i - b.i,
    );
  let phase: CasePhase = 'PRE';
  let closedOn: IsoDate | null = null;
  for (const { e } of relevant) {
    if (phase === 'CLOSED') break;
    phase = after[e.type] ?? phase;
    if (phase === 'CLOSED') closedOn = e.date;
  }
  return { phase, closedOn };
}
