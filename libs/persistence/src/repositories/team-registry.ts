import type { DataSource } from 'typeorm';

/** Registers teams (id and Danish display name); a known id keeps its name. Used by the dev seed and tests. */
export async function registerTeams(ds: DataSource, teams: readonly { id: string; name: string }[]): Promise<void> {
  if (teams.length === 0) return;
  await ds.query(
    `INSERT INTO teams (id, name) SELECT * FROM unnest($1::varchar[], $2::text[]) ON CONFLICT (id) DO NOTHING`,
    [teams.map((t) => t.id), teams.map((t) => t.name)],
  );
}

/** Adds a team or renames a registered one (the operators' `frist teams add`). */
export async function upsertTeam(ds: DataSource, team: { id: string; name: string }): Promise<void> {
  await ds.query(`INSERT INTO teams (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`, [
    team.id,
    team.name,
  ]);
}
