/**
 * Runs an import: starts the case workflow of every accepted case (the bulk path: a plain workflow start carrying
 * the timeline, no update and no read-your-writes wait; the workflow evaluates and projects as it always does),
 * applies new events to cases that exist, and records what it imported so a re-run skips identical cases and a
 * crashed run resumes where it stopped. Bounded concurrency, an optional rate limit, progress callbacks.
 *
 * The bulk path keeps its round trips off the start: the law for new cases (published migrations, applied policy
 * decisions) is read at most once a second, and
 * the import rows of created cases are written in group commits (one transaction for the rows that queued while the
 * previous one committed), while the next starts go out. A case whose start succeeded but whose row was not written
 * (a crash, a failed commit) is found by the next run as an existing case and compared with its events, as before.
 */
import {
  type Client,
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '@frist/config';
import type { TrialProgramme } from '@frist/obligations';
import {
  applyEventsUpdate,
  canonicalJson,
  CASE_WORKFLOW_TYPE,
  CaseTeamAttr,
  caseWorkflowId,
  type AuditAction,
  type CaseWorkflowInput,
} from '@frist/contracts';
import { GroupCommit } from './group-commit';
import type { CaseReportEntry, ImportOutcome } from './import-report';
import type { ImportCaseCheck, ImportPlan } from './import-validation';
import { lawForNewCases } from '@frist/persistence';

/** The workflow's update validator takes at most this many events at once. */
const EVENTS_PER_UPDATE = 100;
/** How long the law for new cases read for one start is used for the next ones. */
const LAW_MAX_AGE_MS = 1_000;
/** Import rows written in one transaction at most (a group commit takes what queued, up to this). */
const RECORDS_PER_COMMIT = 500;

export interface ImportProgress {
  done: number;
  total: number;
  /** Cases per second since the run started. */
  rate: number;
  etaSeconds: number | null;
  outcomes: Partial<Record<ImportOutcome, number>>;
}

export interface ImportRunOptions {
  /** File name (for the batch row) and the file's sha256 (an unfinished batch of the same content is resumed). */
  sourceName: string;
  sourceSha256: string;
  /** Who runs it: recorded on the batch, as the events' actor `import:<batchId>` and in the audit trail. */
  actor: string;
  concurrency: number;
  /** Cases per second at most; undefined: as fast as the concurrency allows. */
  rate?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportRunResult {
  batchId: string;
  resumed: boolean;
  entries: CaseReportEntry[];
  seconds: number;
}

interface ExistingCase {
  citizen_ref: string;
  case_type: string;
  birth_date: string | null;
}

export class CaseImportRunner {
  private law: { at: number; value: ReturnType<typeof lawForNewCases> } | undefined;

  constructor(
    private readonly deps: {
      client: Client;
      taskQueue: string;
      dataSource: DataSource;
      clock: Clock;
      /** The installation's adopted trial programmes: each imported case's workflow gets them as data. */
      adoptedProgrammes?: readonly TrialProgramme[];
    },
  ) {}

  async run(checks: readonly ImportCaseCheck[], options: ImportRunOptions): Promise<ImportRunResult> {
    const { dataSource: ds, clock } = this.deps;
    const started = clock.now().getTime();
    const { batchId, resumed } = await this.openBatch(options);
    const actor = `import:${batchId}`;
    const entries: CaseReportEntry[] = checks.map((check) =>
      check.status === 'rejected' ? { check, outcome: 'rejected' } : { check },
    );
    const todo = entries.filter((e) => e.check.plan);
    const known = await this.importedHashes(todo.map((e) => e.check.plan!.caseId));
    const outcomes: Partial<Record<ImportOutcome, number>> = {};
    let done = 0;
    const report = (entry: CaseReportEntry) => {
      done++;
      outcomes[entry.outcome!] = (outcomes[entry.outcome!] ?? 0) + 1;
      const elapsed = (clock.now().getTime() - started) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      options.onProgress?.({
        done,
        total: todo.length,
        rate,
        etaSeconds: rate > 0 ? (todo.length - done) / rate : null,
        outcomes: { ...outcomes },
      });
    };
    const recorder = new GroupCommit<ImportRecord>((records) => this.writeImportRecords(records), RECORDS_PER_COMMIT);
    const recorded: Promise<void>[] = [];
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const i = next++;
        const entry = todo[i];
        if (options.rate) {
          // Case i may start no earlier than i / rate seconds after the start.
          const wait = started + (i * 1000) / options.rate - clock.now().getTime();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const plan = entry.check.plan!;
        if (known.get(plan.caseId) === plan.contentHash) entry.outcome = 'unchanged';
        else {
          try {
            const result = await this.importOne(plan, entry.check.line, batchId, actor, options.sourceName);
            if ('record' in result) {
              // Started: the slot goes on to the next case while the import row waits for its group commit.
              recorded.push(
                recorder.add(result.record).then(
                  () => {
                    entry.outcome = 'created';
                    report(entry);
                  },
                  (error: unknown) => {
                    entry.outcome = 'failed';
                    entry.note = `sagen er startet, men importen blev ikke registreret (kør importen igen): ${describeError(error)}`;
                    report(entry);
                  },
                ),
              );
              continue;
            }
            Object.assign(entry, result);
          } catch (error) {
            entry.outcome = 'failed';
            entry.note = `uventet fejl: ${describeError(error)}`;
          }
        }
        report(entry);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(todo.length, 1)) }, worker));
    await Promise.all(recorded);
    const totals: Record<string, number> = {};
    for (const e of entries) totals[e.outcome!] = (totals[e.outcome!] ?? 0) + 1;
    // A batch with failures stays open, so the next run of the same file resumes it under the same batch id.
    const failed = entries.some((e) => e.outcome === 'failed');
    await ds.query(`UPDATE import_batches SET finished_at = $2, totals = $3 WHERE id = $1`, [
      batchId,
      failed ? null : clock.now(),
      JSON.stringify(totals),
    ]);
    return { batchId, resumed, entries, seconds: (clock.now().getTime() - started) / 1000 };
  }

  private async openBatch(o: ImportRunOptions): Promise<{ batchId: string; resumed: boolean }> {
    const open: { id: string }[] = await this.deps.dataSource.query(
      `SELECT id FROM import_batches WHERE source_sha256 = $1 AND finished_at IS NULL ORDER BY started_at DESC LIMIT 1`,
      [o.sourceSha256],
    );
    if (open[0]) return { batchId: open[0].id, resumed: true };
    const rows: { id: string }[] = await this.deps.dataSource.query(
      `INSERT INTO import_batches (source_name, source_sha256, actor, started_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [o.sourceName, o.sourceSha256, o.actor, this.deps.clock.now()],
    );
    return { batchId: rows[0].id, resumed: false };
  }

  private async importedHashes(caseIds: string[]): Promise<Map<string, string>> {
    const rows: { case_id: string; content_sha256: string }[] = caseIds.length
      ? await this.deps.dataSource.query(
          `SELECT case_id, content_sha256 FROM imported_cases WHERE case_id = ANY($1::uuid[])`,
          [caseIds],
        )
      : [];
    return new Map(rows.map((r) => [r.case_id, r.content_sha256]));
  }

  private async importOne(
    plan: ImportPlan,
    line: number,
    batchId: string,
    actor: string,
    sourceName: string,
  ): Promise<Pick<CaseReportEntry, 'outcome' | 'note'> | { record: ImportRecord }> {
    const { client, taskQueue, clock } = this.deps;
    const recordedAt = clock.now().toISOString();
    const law = await this.lawForNewCases();
    const input: CaseWorkflowInput = {
      facts: plan.facts,
      // Every event is recorded at the start's instant by the batch: said once, not on each event (half the payload
      // of a five-year case); the workflow fills them in.
      eventDefaults: { recordedAt, actor },
      events: plan.events.map((e) => ({ eventId: e.eventId, event: e.event })),
      // Imported after MIG-2026 was published (or a policy decision applied): as the rollouts would have left it.
      ...law,
      ...(this.deps.adoptedProgrammes?.length ? { programmes: [...this.deps.adoptedProgrammes] } : {}),
    };
    try {
      await client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId: caseWorkflowId(plan.caseId),
        taskQueue,
        args: [input],
        // A case whose workflow already ran (even a closed one) is never started twice.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [{ key: CaseTeamAttr, value: plan.facts.team }],
      });
      return { record: { plan, line, batchId, outcome: 'created', sourceName, at: clock.now() } };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return this.updateExisting(plan, line, batchId, actor, sourceName);
  }

  /**
   * The law a new case starts under (published migrations, applied policy decisions), read again when the last read
   * is older than a second: a start carries what was published a moment before it, as the API's starts do, without
   * two queries per case.
   */
  private lawForNewCases(): ReturnType<typeof lawForNewCases> {
    const now = this.deps.clock.now().getTime();
    if (!this.law || now - this.law.at > LAW_MAX_AGE_MS) {
      const value = lawForNewCases(this.deps.dataSource);
      this.law = { at: now, value };
      value.catch(() => {
        if (this.law?.value === value) this.law = undefined; // a failed read is not reused
      });
    }
    return this.law.value;
  }

  /** The case exists (made by the API, an earlier import or a run that crashed before recording it). */
  private async updateExisting(
    plan: ImportPlan,
    line: number,
    batchId: string,
    actor: string,
    sourceName: string,
  ): Promise<Pick<CaseReportEntry, 'outcome' | 'note'>> {
    const ds = this.deps.dataSource;
    const existing = await this.waitForCaseRow(plan.caseId);
    if (!existing)
      return {
        outcome: 'failed',
        note: 'sagen findes i Temporal, men er endnu ikke i læsemodellen; kør importen igen',
      };
    const f = plan.facts;
    if (
      existing.citizen_ref !== f.citizenRef ||
      existing.case_type !== (f.caseType ?? 'fleksjob') ||
      (existing.birth_date ?? undefined) !== f.birthDate
    )
      return {
        outcome: 'conflict',
        note: 'sagen findes allerede med andre fakta (borgerreference, sagstype eller fødselsdato)',
      };
    const rows: { event_id: string; type: string; event_date: string; fields: Record<string, unknown> }[] =
      await ds.query(
        `SELECT event_id, type, to_char(event_date, 'YYYY-MM-DD') AS event_date, fields FROM case_events WHERE case_id = $1`,
        [plan.caseId],
      );
    const stored = new Map(
      rows.map((r) => [r.event_id, canonicalJson({ ...r.fields, type: r.type, date: r.event_date })]),
    );
    const differing = plan.events.filter(
      (e) => stored.has(e.eventId) && stored.get(e.eventId) !== canonicalJson(e.event),
    );
    if (differing.length)
      return {
        outcome: 'conflict',
        note: `eventId ${differing.map((e) => e.eventId).join(', ')} findes allerede med andet indhold; ret eller tilbagekald i frist`,
      };
    const fresh = plan.events.filter((e) => !stored.has(e.eventId));
    if (fresh.length) {
      const handle = this.deps.client.workflow.getHandle(caseWorkflowId(plan.caseId));
      try {
        for (let i = 0; i < fresh.length; i += EVENTS_PER_UPDATE) {
          // ACCEPTED: the validator said yes and the events are durable; the projection follows as usual.
          const events = fresh.slice(i, i + EVENTS_PER_UPDATE).map((e) => ({ ...e, actor }));
          await retryWhileTaskFailed(() =>
            handle.startUpdate(applyEventsUpdate, { args: [{ events }], waitForStage: WorkflowUpdateStage.ACCEPTED }),
          );
        }
      } catch (error) {
        // The workflow's validator refused (e.g. an event it finds inadmissible), or the case's workflow is gone.
        if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
          const cause = error.cause instanceof Error ? error.cause : error;
          return { outcome: 'failed', note: `sagen afviste de nye hændelser: ${cause.message}` };
        }
        throw error;
      }
    }
    await this.recordImport(plan, line, batchId, fresh.length ? 'updated' : 'unchanged', sourceName);
    return { outcome: fresh.length ? 'updated' : 'unchanged' };
  }

  /**
   * Waits until the read model shows the created cases (their workflows project them as usual), as long as the
   * count keeps growing; returns how many are visible.
   */
  async waitForReadModel(caseIds: string[], onProgress?: (visible: number) => void): Promise<number> {
    let visible = 0;
    for (let stalled = 0; visible < caseIds.length && stalled < 60;) {
      const [{ n }]: { n: number }[] = await this.deps.dataSource.query(
        `SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[])`,
        [caseIds],
      );
      stalled = n > visible ? 0 : stalled + 1;
      visible = n;
      onProgress?.(visible);
      if (visible < caseIds.length) await new Promise((r) => setTimeout(r, 500));
    }
    return visible;
  }

  /** Polls for up to 30 s: a workflow started by a run that crashed a moment ago may not have projected yet. */
  private async waitForCaseRow(caseId: string): Promise<ExistingCase | undefined> {
    for (let attempt = 0; attempt < 120; attempt++) {
      const rows: ExistingCase[] = await this.deps.dataSource.query(
        `SELECT citizen_ref, case_type, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM cases WHERE id = $1`,
        [caseId],
      );
      if (rows[0]) return rows[0];
      await new Promise((r) => setTimeout(r, 250));
    }
    return undefined;
  }

  /** The import row (what a re-run compares with) and the audit entry naming the batch, in one transaction. */
  private recordImport(
    plan: ImportPlan,
    line: number,
    batchId: string,
    outcome: ImportRecord['outcome'],
    sourceName: string,
  ): Promise<void> {
    return this.writeImportRecords([{ plan, line, batchId, outcome, sourceName, at: this.deps.clock.now() }]);
  }

  /** Import rows and their audit entries, one transaction for all (two statements, whatever their number). */
  private async writeImportRecords(records: readonly ImportRecord[]): Promise<void> {
    const column = <T>(f: (r: ImportRecord) => T) => records.map(f);
    await this.deps.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO imported_cases (case_id, batch_id, content_sha256, source_line, imported_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::timestamptz[])
         ON CONFLICT (case_id) DO UPDATE SET batch_id = EXCLUDED.batch_id, content_sha256 = EXCLUDED.content_sha256,
           source_line = EXCLUDED.source_line, imported_at = EXCLUDED.imported_at`,
        [
          column((r) => r.plan.caseId),
          column((r) => r.batchId),
          column((r) => r.plan.contentHash),
          column((r) => r.line),
          column((r) => r.at),
        ],
      );
      await em.query(
        `INSERT INTO audit_entries (case_id, at, actor, action, details, dedupe_key)
         SELECT case_id, at, actor, $4::text, details, dedupe_key
         FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $5::jsonb[], $6::text[])
           AS r(case_id, at, actor, details, dedupe_key)
         ON CONFLICT (dedupe_key) DO NOTHING`,
        [
          column((r) => r.plan.caseId),
          column((r) => r.at),
          column((r) => `import:${r.batchId}`),
          'CASE_IMPORTED' satisfies AuditAction,
          column((r) =>
            JSON.stringify({
              batchId: r.batchId,
              source: r.sourceName,
              line: r.line,
              outcome: r.outcome,
              events: r.plan.events.length,
            }),
          ),
          column((r) => `import:${r.batchId}:${r.plan.caseId}`),
        ],
      );
    });
  }
}

/** What is recorded of one imported case: the row a re-run compares with and the audit entry. */
interface ImportRecord {
  plan: ImportPlan;
  line: number;
  batchId: string;
  outcome: 'created' | 'updated' | 'unchanged';
  sourceName: string;
  at: Date;
}

/**
 * Temporal refuses an update while the workflow's last task failed (e.g. it timed out on a busy worker) with
 * FAILED_PRECONDITION; the next task clears that, so the update is retried for up to about half a minute.
 */
/** gRPC status code 9. */
const GRPC_FAILED_PRECONDITION = 9;

async function retryWhileTaskFailed<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const cause = error instanceof ServiceError ? error.cause : undefined;
      if (!isGrpcServiceError(cause) || Number(cause.code) !== GRPC_FAILED_PRECONDITION || attempt >= 15) throw error;
      await new Promise((r) => setTimeout(r, Math.min(attempt * 500, 3_000)));
    }
  }
}

/** The message with its causes (a gRPC error's details sit in the cause of the SDK's error). */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message);
  return parts.join(': ');
}
