import { DomainError, ErrorCode } from '../common/domain-error';
import type { AuthUser } from './auth-user';

/**
 * Team scope: a caller sees and changes only what belongs to one of their teams. Outside that scope a resource
 * answers exactly as if it did not exist (404 with the resource's own not-found code), so existence never leaks.
 */
export const TeamScope = {
  has(user: AuthUser, team: string): boolean {
    return user.teams.includes(team);
  },

  /** Throws the not-found error of the resource when `team` is outside the caller's teams. */
  assertTeam(
    user: AuthUser,
    team: string,
    notFound: { code: ErrorCode; message: string } = { code: ErrorCode.NotFound, message: 'not found' },
  ): void {
    if (!user.teams.includes(team)) throw new DomainError(notFound.code, notFound.message);
  },

  /**
   * The teams a list or stream covers: the requested team (403 if it is not the caller's; naming a team reveals no
   * data of it) or else all of the caller's teams.
   */
  teamsFor(user: AuthUser, requested?: string): string[] {
    if (requested === undefined) return user.teams;
    if (!user.teams.includes(requested))
      throw new DomainError(ErrorCode.Forbidden, `you are not a member of team ${requested}`);
    return [requested];
  },
};
