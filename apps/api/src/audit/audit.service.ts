import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@frist/config';
import type { AuditAction } from '@frist/contracts';
import { AuditEntryEntity } from '@frist/persistence';
import { decodeCursor, encodeCursor } from '../common/cursor';

export interface AuditRecord {
  caseId: string;
  actor: string;
  action: Extract<
    AuditAction,
    'TASK_CLAIMED' | 'TASK_UNCLAIMED' | 'TASK_ASSIGNED' | 'TRIAL_ASSIGNED' | 'TRIAL_EXEMPTED'
  >;
  details: Record<string, unknown>;
  /** Makes the entry idempotent: a second entry with the same key is not written (e.g. a retried request). */
  dedupeKey?: string;
}

export interface AuditView {
  id: string;
  at: string;
  actor: string | null;
  action: string;
  details: Record<string, unknown>;
}

/**
 * The API's side of the append-only audit trail (the workflow's projection writes events, moves, retractions and
 * deadline moves; the API writes what only it decides: task assignments, and the reasons given for trial decisions).
 * Entries are written in the caller's transaction.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(em: EntityManager, entry: AuditRecord): Promise<void> {
    await em.query(
      `INSERT INTO audit_entries (case_id, at, actor, action, details, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        entry.caseId,
        this.clock.now(),
        entry.actor,
        entry.action,
        JSON.stringify(entry.details),
        entry.dedupeKey ?? null,
      ],
    );
  }

  /** A case's trail in time order, keyset-paginated on (at, id). The caller has checked team scope. */
  async list(caseId: string, q: { limit: number; cursor?: string | undefined }) {
    const qb = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .where('a.case_id = :caseId', { caseId });
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, ['instant', 'bigint']);
      qb.andWhere('(a.at, a.id) > (:at, :id)', { at, id });
    }
    const rows = await qb
      .orderBy('a.at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((a): AuditView => ({
        id: a.id,
        at: a.at.toISOString(),
        actor: a.actor,
        action: a.action,
        details: a.details,
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
    };
  }
}
