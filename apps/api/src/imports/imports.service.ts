import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CaseImportRunner,
  checkImportCase,
  importTotals,
  TrialCatalogue,
  overdueByTeam,
  readImportFile,
  type CaseReportEntry,
  type ImportFormat,
} from '@frist/activities';
import { Clock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { TemporalClientService } from '../temporal/temporal-client.service';

/** Above this, the CLI (progress, resume from the terminal) is the tool; the API answers when the run is done. */
export const MAX_API_IMPORT_CASES = 2000;

export interface ImportFileInput {
  text: string;
  format: ImportFormat;
  name: string;
}

/**
 * The import through the API, for managers and ops: the same validation and runner as `frist import`, scoped to
 * the caller's teams (a case for another team is rejected), answering with the report.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly clock: Clock,
    private readonly catalogue: TrialCatalogue,
  ) {}

  private check(user: AuthUser, file: ImportFileInput) {
    const records = readImportFile(file.text, file.format);
    // A file without a single case is a mistake (a header alone, the wrong file), not an import of nothing.
    if (records.length === 0)
      throw new DomainError(ErrorCode.ValidationFailed, 'the import file holds no cases', [
        { field: 'body', message: 'must hold at least one case' },
      ]);
    if (records.length > MAX_API_IMPORT_CASES)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${records.length} cases; the API takes at most ${MAX_API_IMPORT_CASES} per request, use frist import run for more`,
        [{ field: 'body', message: `at most ${MAX_API_IMPORT_CASES} cases` }],
      );
    const today = copenhagenDate(this.clock.now().getTime());
    return records.map((record) =>
      checkImportCase(record, { today, teams: user.teams, programmes: this.catalogue.programmes }),
    );
  }

  validate(user: AuthUser, file: ImportFileInput): CaseReportEntry[] {
    return this.check(user, file).map((check) => ({ check }));
  }

  async run(user: AuthUser, file: ImportFileInput) {
    const checks = this.check(user, file);
    const runner = new CaseImportRunner({
      client: this.temporal.client,
      taskQueue: this.temporal.taskQueue,
      dataSource: this.dataSource,
      clock: this.clock,
      adoptedProgrammes: this.catalogue.adopted,
    });
    return runner.run(checks, {
      sourceName: file.name,
      sourceSha256: createHash('sha256').update(file.text).digest('hex'),
      actor: user.sub,
      concurrency: 8,
    });
  }
}

/** The JSON report: totals, overdue on day one per team and obligation, and one entry per case. */
export function reportBody(entries: readonly CaseReportEntry[]) {
  return {
    totals: importTotals(entries),
    overdueByTeam: overdueByTeam(entries),
    cases: entries.map(({ check, outcome, note }) => ({
      line: check.line,
      caseId: check.caseId,
      team: check.team,
      caseType: check.caseType,
      status: check.status,
      ...(outcome ? { outcome } : {}),
      ...(note ? { note } : {}),
      issues: check.issues,
      openObligations: check.openObligations,
      overdue: check.overdue.map(({ code, title, dueOn }) => ({ code, title, dueOn })),
    })),
  };
}
