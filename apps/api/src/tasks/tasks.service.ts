import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaskEntity } from '@frist/persistence';
import { toObligationView } from '../cases/cases.service';
import type { AuthUser } from '../auth/auth-user';
import { TeamScope } from '../auth/team-scope';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { TaskQueryDto } from './dtos/task-query.dto';

interface Cursor {
  dueOn: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.dueOn, c.id])).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const [dueOn, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof dueOn === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(dueOn) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/.test(id)
    )
      return { dueOn, id };
  } catch {
    /* fall through */
  }
  throw new DomainError(ErrorCode.InvalidCursor, 'cursor is not one this API issued');
}

@Injectable()
export class TasksService {
  constructor(private readonly dataSource: DataSource) {}

  /** The inbox: stable order by due date then id, keyset-paginated so pages never skip or repeat a task. */
  async list(user: AuthUser, q: TaskQueryDto) {
    const teams = TeamScope.teamsFor(user, q.team);
    if (teams.length === 0) return { items: [], nextCursor: null };
    const qb = this.dataSource
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .where('t.status IN (:...status)', { status: q.status })
      .andWhere('t.team IN (:...teams)', { teams });
    if (q.code) qb.andWhere('t.obligation_code = :code', { code: q.code });
    if (q.caseId) qb.andWhere('t.case_id = :caseId', { caseId: q.caseId });
    if (q.dueBefore) qb.andWhere('t.due_on < :dueBefore', { dueBefore: q.dueBefore });
    if (q.dueAfter) qb.andWhere('t.due_on > :dueAfter', { dueAfter: q.dueAfter });
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      qb.andWhere('(t.due_on, t.id) > (:cDue, :cId)', { cDue: c.dueOn, cId: c.id });
    }
    const rows = await qb
      .orderBy('t.due_on', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((t) => ({
        ...toObligationView(t),
        caseId: t.caseId,
        team: t.team,
        assignee: t.assignee,
        version: t.version,
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ dueOn: last.dueOn, id: last.id }) : null,
    };
  }
}
