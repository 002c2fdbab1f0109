/**
 * The hypothetical 2027 replay of "Aktive hurtigere tilbage" the worked examples use (`aht-demo`, versions aht-demo
 * and aht-demo-mj): a test fixture, not published data. The apps load the same file through ADOPTED_PROGRAMMES, as
 * an installation loads its own programmes; engine specs pass it as ComputeOptions.programmes.
 */
import type { EngineResult } from '../engine/engine-types';
import { computeObligations } from '../engine/obligation-engine';
import { PROGRAMMES } from '../trials/aht.programmes';
import { defineProgramme, type TrialProgramme } from '../trials/trial-programme';
import definition from './aht-demo.programme.json';

export const AHT_DEMO: TrialProgramme = defineProgramme(definition as unknown as TrialProgramme);

/** The published catalogue with the demo programme, as an installation that adopted it has it. */
export const DEMO_PROGRAMMES: readonly TrialProgramme[] = Object.freeze([...PROGRAMMES, AHT_DEMO]);

/** computeObligations with the demo programme adopted, for specs whose timelines enrol in `aht-demo`. */
export function computeWithDemo(
  ...[facts, events, asOf, options]: Parameters<typeof computeObligations>
): EngineResult {
  return computeObligations(facts, events, asOf, { programmes: DEMO_PROGRAMMES, ...options });
}
