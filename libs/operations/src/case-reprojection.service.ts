import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  CASE_WORKFLOW_TYPE,
  caseSnapshotQuery,
  withSnapshotOccurrences,
  type CaseActivities,
  type CaseSnapshot,
  type SnapshotWithOccurrences,
} from '@frist/contracts';
import type { Occurrence } from '@frist/obligations';
import type { CaseProjectionActivities } from '@frist/activities';

export interface TaskDifference {
  caseId: string;
  code: string;
  occurrence: number;
  kind: 'missing' | 'extra' | 'changed';
  /** For `changed`: field → [read model, workflow]. */
  fields?: Record<string, [unknown, unknown]>;
}

export interface ReprojectionReport {
  cases: number;
  casesWithDifferences: number;
  differences: TaskDifference[];
  rebuilt: number;
  skippedNewer: number;
  failed: { caseId: string; error: string }[];
}

interface TaskRow {
  obligation_code: string;
  occurrence: number;
  status: string;
  kind: string;
  title: string;
  rule_set: string;
  source: string;
  explanation: string;
  team: string;
  started_on: string;
  nominal_due_on: string;
  due_on: string;
  remind_on: string | null;
  closed_on: string | null;
}

const COMPARED: [keyof TaskRow, (o: Occurrence, s: CaseSnapshot) => unknown][] = [
  ['status', (o) => o.status],
  ['kind', (o) => o.kind],
  ['title', (o) => o.title],
  ['rule_set', (o) => o.ruleSet],
  ['source', (o) => o.source],
  ['explanation', (o) => o.explanation],
  ['team', (_o, s) => s.team],
  ['started_on', (o) => o.startedOn],
  ['nominal_due_on', (o) => o.nominalDueOn],
  ['due_on', (o) => o.dueOn],
  ['remind_on', (o) => o.remindOn ?? null],
  ['closed_on', (o) => o.metOn ?? o.cancelledOn ?? null],
];

/**
 * Rebuilds the task read model from the workflows, the source of truth: asks every running case workflow for its
 * snapshot, reports how the read model differs, and (with `apply`) makes it equal.
 */
export class CaseReprojectionService {
  constructor(
    private readonly client: Client,
    private readonly dataSource: DataSource,
    private readonly projection: CaseProjectionActivities,
    /** The worker's evaluation (same rule sets and programmes), for a workflow that holds no occurrences. */
    private readonly evaluate: CaseActivities['evaluateCase'],
  ) {}

  async run(opts: { apply: boolean; concurrency?: number }): Promise<ReprojectionReport> {
    const report: ReprojectionReport = {
      cases: 0,
      casesWithDifferences: 0,
      differences: [],
      rebuilt: 0,
      skippedNewer: 0,
      failed: [],
    };
    const ids: string[] = [];
    for await (const w of this.client.workflow.list({
      query: `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`,
    }))
      ids.push(w.workflowId);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const workflowId = ids[next++];
        try {
          await this.reprojectOne(workflowId, opts.apply, report);
        } catch (err) {
          report.failed.push({
            caseId: workflowId.replace(/^case-/, ''),
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, worker));
    report.differences.sort((a, b) => (a.caseId + a.code + a.occurrence < b.caseId + b.code + b.occurrence ? -1 : 1));
    return report;
  }

  private async reprojectOne(workflowId: string, apply: boolean, report: ReprojectionReport): Promise<void> {
    const snapshot = await withSnapshotOccurrences(
      await this.client.workflow.getHandle(workflowId).query(caseSnapshotQuery),
      this.evaluate,
    );
    report.cases++;
    const rows: TaskRow[] = await this.dataSource.query(
      `SELECT obligation_code, occurrence, status, kind, title, rule_set, source, explanation, team,
              to_char(started_on, 'YYYY-MM-DD') AS started_on, to_char(nominal_due_on, 'YYYY-MM-DD') AS nominal_due_on,
              to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(remind_on, 'YYYY-MM-DD') AS remind_on, to_char(closed_on, 'YYYY-MM-DD') AS closed_on
       FROM tasks WHERE case_id = $1`,
      [snapshot.caseId],
    );
    const differences = diffTasks(snapshot, rows);
    if (differences.length === 0) return;
    report.casesWithDifferences++;
    report.differences.push(...differences);
    if (!apply) return;
    if ((await this.projection.rebuildCase(snapshot)) === 'rebuilt') report.rebuilt++;
    else report.skippedNewer++;
  }
}

export function diffTasks(snapshot: SnapshotWithOccurrences, rows: TaskRow[]): TaskDifference[] {
  const key = (code: string, n: number) => `${code}#${n}`;
  const byKey = new Map(rows.map((r) => [key(r.obligation_code, r.occurrence), r]));
  const diffs: TaskDifference[] = [];
  for (const o of snapshot.obligations) {
    const row = byKey.get(key(o.code, o.occurrence));
    byKey.delete(key(o.code, o.occurrence));
    if (!row) {
      diffs.push({ caseId: snapshot.caseId, code: o.code, occurrence: o.occurrence, kind: 'missing' });
      continue;
    }
    const fields: Record<string, [unknown, unknown]> = {};
    for (const [column, value] of COMPARED) {
      const want = value(o, snapshot);
      if (row[column] !== want) fields[column] = [row[column], want];
    }
    if (Object.keys(fields).length)
      diffs.push({ caseId: snapshot.caseId, code: o.code, occurrence: o.occurrence, kind: 'changed', fields });
  }
  for (const r of byKey.values())
    diffs.push({ caseId: snapshot.caseId, code: r.obligation_code, occurrence: r.occurrence, kind: 'extra' });
  return diffs;
}
