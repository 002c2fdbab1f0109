import type { DataSource } from 'typeorm';

/** Sorts before every case id: the first page's cursor. */
export const FIRST_CASE_ID = '00000000-0000-0000-0000-000000000000';

/** Open cases after `after`, in id order: the rollout workflow's pages. */
export async function listOpenCaseIds(ds: DataSource, after: string, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT id FROM cases WHERE closed_on IS NULL AND id > $1 ORDER BY id LIMIT $2`,
    [after || FIRST_CASE_ID, limit],
  );
  return rows.map((r) => r.id);
}
