import type { Role } from '@frist/config';

export { ROLES, type Role } from '@frist/config';

/** The caller, as the verified bearer token says: who, in which role, for which teams. */
export interface AuthUser {
  sub: string;
  role: Role;
  teams: string[];
}
