import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import ical from 'ical-generator';
import { DataSource } from 'typeorm';
import { Clock } from '@frist/config';
import { legalBasisFor } from '@frist/obligations';
import { CalendarFeedEntity } from '@frist/persistence';
import type { AuthUser } from '../auth/auth-user';
import { TeamScope } from '../auth/team-scope';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { CreateCalendarFeedDto } from './calendar-feed.dto';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

interface FeedTask {
  id: string;
  case_id: string;
  title: string;
  status: string;
  due_on: string;
  rule_set: string;
  obligation_code: string;
  explanation: string;
  team: string;
  version: number;
  updated_at: Date;
}

/**
 * "Hjemmel: …" from the engine's legal-basis table (never the rule set's internal source, which cites the spec);
 * nothing when the table has no entry for the obligation.
 */
const legalBasisLine = (t: Pick<FeedTask, 'rule_set' | 'obligation_code'>): string[] => {
  const basis = legalBasisFor(t.rule_set, t.obligation_code, {
    k: undefined,
    seriesStart: undefined,
    flags: undefined,
  });
  return basis ? [`Hjemmel: ${basis.text}`] : [];
};

const view = (f: CalendarFeedEntity) => ({
  id: f.id,
  kind: f.kind,
  team: f.team,
  teams: f.teams,
  createdAt: f.createdAt.toISOString(),
});

/**
 * Calendar subscriptions: a caseworker's open tasks, or a team's, as an iCalendar feed of all-day events on the
 * due date. The feed URL carries a random token (calendar clients cannot send bearer headers); only its hash is
 * stored. Titles are the task titles, which never name the citizen.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateCalendarFeedDto, baseUrl: string) {
    if (dto.kind === 'team' && !TeamScope.has(user, dto.team!))
      throw new DomainError(ErrorCode.Forbidden, 'a team feed needs one of your teams', [
        { field: 'team', message: 'is not one of your teams' },
      ]);
    const token = randomBytes(32).toString('base64url');
    const saved = await this.dataSource.getRepository(CalendarFeedEntity).save({
      owner: user.sub,
      tokenSha256: sha256(token),
      kind: dto.kind,
      team: dto.kind === 'team' ? dto.team! : null,
      teams: dto.kind === 'team' ? [dto.team!] : [...user.teams],
      createdAt: this.clock.now(),
      revokedAt: null,
    });
    return { ...view(saved), token, url: `${baseUrl}/api/v1/calendar/${token}.ics` };
  }

  async list(user: AuthUser) {
    const feeds = await this.dataSource
      .getRepository(CalendarFeedEntity)
      .createQueryBuilder('f')
      .where('f.owner = :owner AND f.revoked_at IS NULL', { owner: user.sub })
      .orderBy('f.created_at', 'ASC')
      .getMany();
    return { items: feeds.map(view) };
  }

  /** Revokes one of the caller's feeds; someone else's answers 404 like a missing one. */
  async revoke(user: AuthUser, id: string): Promise<void> {
    const result: unknown[] = await this.dataSource.query(
      `UPDATE calendar_feeds SET revoked_at = $3 WHERE id = $1 AND owner = $2 AND revoked_at IS NULL RETURNING id`,
      [id, user.sub, this.clock.now()],
    );
    // pg returns [rows, count] for UPDATE … RETURNING through TypeORM's query().
    const rows = Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
    if (rows.length === 0) throw new DomainError(ErrorCode.CalendarFeedNotFound, `no calendar feed ${id}`);
  }

  /** The feed for a token, as iCalendar text; an unknown or revoked token answers 404. */
  async feed(token: string, baseUrl: string): Promise<string> {
    const feed = await this.dataSource
      .getRepository(CalendarFeedEntity)
      .createQueryBuilder('f')
      .where('f.token_sha256 = :h AND f.revoked_at IS NULL', { h: sha256(token) })
      .getOne();
    if (!feed) throw new DomainError(ErrorCode.CalendarFeedNotFound, 'no such calendar feed');
    const tasks: FeedTask[] =
      feed.kind === 'mine'
        ? await this.dataSource.query(
            `SELECT id, case_id, title, status, due_on::text AS due_on, rule_set, obligation_code, explanation, team, version, updated_at
             FROM tasks WHERE assignee = $1 AND team = ANY($2) AND status IN ('open', 'overdue')
             ORDER BY due_on, id LIMIT 5000`,
            [feed.owner, feed.teams],
          )
        : await this.dataSource.query(
            `SELECT id, case_id, title, status, due_on::text AS due_on, rule_set, obligation_code, explanation, team, version, updated_at
             FROM tasks WHERE team = $1 AND status IN ('open', 'overdue')
             ORDER BY due_on, id LIMIT 5000`,
            [feed.team],
          );
    const calendar = ical({
      name: feed.kind === 'mine' ? 'frist – mine opgaver' : `frist – ${feed.team}`,
      prodId: { company: 'frist', product: 'frist', language: 'DA' },
      // Outlook refreshes a subscription on its own schedule; this is the hint for clients that honour it.
      ttl: 60 * 60,
    });
    for (const t of tasks) {
      const link = `${baseUrl}/#/sag/${t.case_id}?opgave=${t.id}`;
      calendar.createEvent({
        // Stable per task: a changed due date or title replaces the event instead of adding one.
        id: `${t.id}@frist`,
        sequence: t.version,
        stamp: t.updated_at,
        start: new Date(`${t.due_on}T00:00:00Z`),
        allDay: true,
        summary: t.status === 'overdue' ? `Overskredet: ${t.title}` : t.title,
        description: [...legalBasisLine(t), t.explanation, `Hold: ${t.team}`, link].join('\n'),
        url: link,
      });
    }
    return calendar.toString();
  }
}
