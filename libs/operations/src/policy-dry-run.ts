import type { DataSource } from 'typeorm';
import { type AppliedPolicyDecision, policyDecisionsForTeam } from '@frist/contracts';
import { computeObligations, type TrialProgramme } from '@frist/obligations';
import { policyDecisionsOf, RuleChangeRegistry } from '@frist/persistence';
import { addCaseChanges, type DryRunReport, emptyDryRun } from './migration-dry-run';
import { openCases } from './rule-set-dry-run';

/** A policy change as the dry run needs it: its scope and payload (a draft's id may not exist yet). */
export interface PolicyChangeDraft {
  id?: string;
  title: string;
  target: string;
  payload: Record<string, unknown>;
}

export interface PolicyDryRun extends DryRunReport {
  target: string;
  /** The law migrations the cases were evaluated under: a switch is read only after MIG-2026 (law-2026 N0.1). */
  migrations: string[];
}

/**
 * What applying a policy change would do to the open cases it governs (its team's, or every team's for the
 * municipality): per case, every task that appears, moves, changes kind, closes or no longer starts, comparing the
 * decisions applied today with the same plus this change (so once it is applied, nothing is left to change). Cases are evaluated as they are after the published law
 * migrations (the switches are read only under MIG-2026); without a published migration nothing changes. Writes
 * nothing.
 */
export async function dryRunPolicy(
  ds: DataSource,
  change: PolicyChangeDraft,
  asOf: string,
  /** The installation's trial catalogue (ADOPTED_PROGRAMMES), so cases in an adopted programme evaluate. */
  programmes?: readonly TrialProgramme[],
): Promise<PolicyDryRun> {
  const registry = new RuleChangeRegistry(ds);
  const migrations = await registry.publishedMigrations();
  // Today's decisions (this one too, once applied) against the same with this one applied last: an applied change
  // has nothing left to change.
  const applied = await registry.appliedPolicyDecisions();
  const proposed: AppliedPolicyDecision[] = [
    ...applied.filter((d) => d.id !== change.id),
    ...policyDecisionsOf({
      id: change.id ?? 'draft',
      title: change.title,
      target: change.target,
      payload: change.payload,
    }),
  ];
  const report: PolicyDryRun = { ...emptyDryRun(asOf), target: change.target, migrations: migrations.map((m) => m.id) };
  for await (const { c, facts, events } of openCases(ds, asOf)) {
    if (change.target !== 'municipality' && c.team !== change.target) continue;
    report.cases++;
    if (!migrations.length) continue;
    const under = (decisions: readonly AppliedPolicyDecision[]) =>
      computeObligations(facts, events, asOf, {
        migrations,
        policyDecisions: policyDecisionsForTeam(decisions, c.team),
        ...(programmes ? { programmes } : {}),
      }).occurrences;
    addCaseChanges(report, c, under(applied), under(proposed), 'appearing');
  }
  return report;
}
