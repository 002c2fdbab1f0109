// Auth for every bounded context: the global guard (AuthModule), decorators, the caller and team scope.
export { AuthModule } from './auth.module';
export { AuthGuard } from './auth.guard';
export { CurrentUser, Public, Roles } from './auth.decorators';
export { ROLES, type AuthUser, type Role } from './auth-user';
export { TeamScope } from './team-scope';
export { TokenVerifier } from './token-verifier.service';
