import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TrialCatalogue } from '@frist/activities';
import { Clock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import type { MigrationId } from '@frist/obligations';
import { dryRunImpact, dryRunMigration, dryRunPolicy, MIG_2026_PUBLISHED_ON } from '@frist/operations';
import { RuleChangeError, RuleChangeRegistry, type RuleChangeErrorCode } from '@frist/persistence';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { ApproveRuleChangeDto, DraftRuleChangeDto, RuleChangeQueryDto } from './rule-changes.schemas';

const CODES: Record<RuleChangeErrorCode, ErrorCode> = {
  RULE_CHANGE_NOT_FOUND: ErrorCode.RuleChangeNotFound,
  RULE_CHANGE_INVALID: ErrorCode.RuleChangeInvalid,
  RULE_CHANGE_WRONG_STATE: ErrorCode.RuleChangeWrongState,
  RULE_CHANGE_ROLE_REQUIRED: ErrorCode.RuleChangeRoleRequired,
  FOUR_EYES_REQUIRED: ErrorCode.FourEyesRequired,
  SOURCES_REQUIRED: ErrorCode.SourcesRequired,
  RULE_SET_NOT_VERIFIED: ErrorCode.RuleSetNotVerified,
  RULE_CHANGE_NOT_PUBLISHED: ErrorCode.RuleChangeNotPublished,
};

/** The governed rule-change life cycle for the API: the registry's rules, its refusals as problem details. */
@Injectable()
export class RuleChangesService {
  private readonly registry: RuleChangeRegistry;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly catalogue: TrialCatalogue,
  ) {
    this.registry = new RuleChangeRegistry(dataSource);
  }

  list(q: RuleChangeQueryDto) {
    return this.mapped(async () => ({ items: await this.registry.list(q) }));
  }

  get(id: string) {
    return this.mapped(() => this.registry.get(id));
  }

  /**
   * Drafts a change with the impact the API computes itself (issue 14): a migration's or a policy decision's dry run
   * over the read model's open cases, so what the approver sees is never what a client claims.
   */
  draft(user: AuthUser, dto: DraftRuleChangeDto) {
    return this.mapped(async () => {
      const { asOf: requested, ...draft } = dto;
      await this.registry.checkDraft(draft, user);
      const asOf = requested ?? copenhagenDate(this.clock.now().getTime());
      const report =
        draft.kind === 'migration'
          ? await dryRunMigration(
              this.dataSource,
              { id: draft.target as MigrationId, publishedOn: MIG_2026_PUBLISHED_ON },
              asOf,
              this.catalogue.programmes,
            )
          : draft.kind === 'policy'
            ? await dryRunPolicy(
                this.dataSource,
                { title: draft.title, target: draft.target, payload: draft.payload ?? {} },
                asOf,
                this.catalogue.programmes,
              )
            : undefined;
      const impact = report ? { ...dryRunImpact(report), computedBy: 'api' as const } : null;
      return this.registry.draft({ ...draft, impact }, user, this.clock.now());
    });
  }

  approve(user: AuthUser, id: string, dto: ApproveRuleChangeDto) {
    return this.mapped(() => this.registry.approve(id, user, dto.sourcesChecked, this.clock.now()));
  }

  publish(user: AuthUser, id: string) {
    return this.mapped(() => this.registry.publish(id, user, this.clock.now()));
  }

  private async mapped<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof RuleChangeError) throw new DomainError(CODES[err.code], err.message, err.errors);
      throw err;
    }
  }
}
