import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TeamEntity } from '@frist/persistence';
import { DomainError, ErrorCode } from '../common/domain-error';

export interface TeamView {
  id: string;
  name: string;
}

/**
 * The registry of teams (table `teams`). A case can only be moved to a registered team, so a case never lands
 * where nobody can see it. Tokens may name teams the registry does not know (the identity provider decides
 * membership): such a team grants nothing more, because no case can be moved there.
 */
@Injectable()
export class TeamsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<{ items: TeamView[] }> {
    const rows = await this.dataSource.getRepository(TeamEntity).find({ order: { id: 'ASC' } });
    return { items: rows.map(({ id, name }) => ({ id, name })) };
  }

  /** Throws UNKNOWN_TEAM (naming the field) unless the team is registered. */
  async assertKnown(team: string, field = 'team'): Promise<void> {
    if (!(await this.dataSource.getRepository(TeamEntity).existsBy({ id: team })))
      throw new DomainError(ErrorCode.UnknownTeam, `there is no team ${team}`, [
        { field, message: 'is not a registered team' },
      ]);
  }
}
