import type { CaseEvent } from '@frist/obligations';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The timelines that count (retracted events left out) of some cases, in recorded order, as the case workflow
 * evaluates them: read from the read model's case_events for checks and dry runs outside the workflow.
 */
export async function readTimelines(db: Queryable, caseIds: readonly string[]): Promise<Map<string, CaseEvent[]>> {
  const rows = (await db.query(
    `SELECT case_id, type, to_char(event_date, 'YYYY-MM-DD') AS date, fields FROM case_events
     WHERE case_id = ANY($1) AND retracted_at IS NULL ORDER BY case_id, id`,
    [caseIds],
  )) as { case_id: string; type: string; date: string; fields: Record<string, unknown> }[];
  const timelines = new Map<string, CaseEvent[]>();
  for (const r of rows) {
    const list = timelines.get(r.case_id) ?? [];
    list.push({ ...r.fields, type: r.type, date: r.date });
    timelines.set(r.case_id, list);
  }
  return timelines;
}
