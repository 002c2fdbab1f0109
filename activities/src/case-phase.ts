import type { CaseEvent, EngineResult, IsoDate } from '@frist/obligations';
import type { CasePhase } from '@frist/contracts';

const PHASE_AFTER: Record<string, CasePhase | undefined> = {
  VISITATION_DECIDED: 'LY',
  FLEXJOB_ENDED: 'LY',
  FLEXJOB_STARTED: 'JOB',
  CASE_CLOSED: 'CLOSED',
};
/** C2 order for the phase-changing events: endings before visitation before job starts before closing. */
const CLASS: Record<string, number> = { FLEXJOB_ENDED: 2, VISITATION_DECIDED: 3, FLEXJOB_STARTED: 5, CASE_CLOSED: 7 };

/**
 * The case's phase (C3) for the read model and search attributes. Events the engine rejected as not fitting the
 * case state (its warnings) change nothing here either.
 */
export function derivePhase(events: CaseEvent[], result: EngineResult): { phase: CasePhase; closedOn: IsoDate | null } {
  const ignored = new Set(result.warnings.map((w) => w.eventIndex));
  const relevant = events
    .map((e, i) => ({ e, i }))
    .filter(({ e, i }) => !ignored.has(i) && PHASE_AFTER[e.type] && e.date <= result.asOf)
    .sort((a, b) =>
      a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : (CLASS[a.e.type] ?? 0) - (CLASS[b.e.type] ?? 0) || a.i - b.i,
    );
  let phase: CasePhase = 'PRE';
  let closedOn: IsoDate | null = null;
  for (const { e } of relevant) {
    if (phase === 'CLOSED') break;
    phase = PHASE_AFTER[e.type] ?? phase;
    if (phase === 'CLOSED') closedOn = e.date;
  }
  return { phase, closedOn };
}
