import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseActivities, ReportCaseAttentionInput } from '@frist/contracts';

/**
 * The read model's record of cases that need attention (case_attention), for the ops view. The workflow holds the
 * state; this row mirrors it: upserted while a case needs attention, removed when it recovers.
 */
@Injectable()
export class CaseAttentionActivities implements Pick<CaseActivities, 'reportCaseAttention'> {
  constructor(private readonly dataSource: DataSource) {}

  async reportCaseAttention({ caseId, team, attention }: ReportCaseAttentionInput): Promise<void> {
    if (!attention) {
      await this.dataSource.query('DELETE FROM case_attention WHERE case_id = $1', [caseId]);
      return;
    }
    await this.dataSource.query(
      `INSERT INTO case_attention (case_id, team, code, stage, reason, since, failures)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id) DO UPDATE SET team = EXCLUDED.team, code = EXCLUDED.code, stage = EXCLUDED.stage,
         reason = EXCLUDED.reason, since = EXCLUDED.since, failures = EXCLUDED.failures, updated_at = now()`,
      [caseId, team, attention.code, attention.stage, attention.reason, attention.since, attention.failures],
    );
  }
}
