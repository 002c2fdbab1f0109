import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  FLEKSJOB_2026,
  isValidIsoDate,
  MIGRATION_IDS,
  type MigrationInput,
  RULE_SET_SWITCHES,
  type RuleSetSwitch,
  UNVERIFIED_RULE_SET_IDS,
} from '@frist/obligations';
import type { AppliedPolicyDecision } from '@frist/contracts';
import { RuleChangeAuditEntity } from '../entities/rule-change-audit.entity';
import { RuleChangeEntity } from '../entities/rule-change.entity';
import { TeamEntity } from '../entities/team.entity';

export const RULE_CHANGE_KINDS = ['rule-set', 'policy', 'migration'] as const;
export type RuleChangeKind = (typeof RULE_CHANGE_KINDS)[number];
export const RULE_CHANGE_STATUSES = ['draft', 'approved', 'published'] as const;
export type RuleChangeStatus = (typeof RULE_CHANGE_STATUSES)[number];

/** The roles that may draft, approve and publish (the API's guards say the same; this holds for every caller). */
export const RULE_CHANGE_DRAFTERS: readonly string[] = ['manager', 'ops', 'jurist'];
export const RULE_CHANGE_APPROVERS: readonly string[] = ['jurist'];
export const RULE_CHANGE_PUBLISHERS: readonly string[] = ['jurist', 'manager'];

export type RuleChangeErrorCode =
  | 'RULE_CHANGE_NOT_FOUND'
  | 'RULE_CHANGE_INVALID'
  | 'RULE_CHANGE_WRONG_STATE'
  | 'RULE_CHANGE_ROLE_REQUIRED'
  | 'FOUR_EYES_REQUIRED'
  | 'SOURCES_REQUIRED'
  | 'RULE_SET_NOT_VERIFIED'
  | 'RULE_CHANGE_NOT_PUBLISHED';

/** A refused life-cycle step, with a stable code the API maps to problem details and the CLI prints. */
export class RuleChangeError extends Error {
  constructor(
    readonly code: RuleChangeErrorCode,
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface RuleChangeActor {
  sub: string;
  role: string;
}

export interface RuleChangeDraft {
  kind: RuleChangeKind;
  target: string;
  title: string;
  payload?: Record<string, unknown>;
  impact?: Record<string, unknown> | null;
}

export interface RuleChangeAuditView {
  action: string;
  actor: string;
  role: string;
  at: string;
  details: Record<string, unknown>;
}

export interface RuleChangeView {
  id: string;
  kind: RuleChangeKind;
  target: string;
  title: string;
  status: RuleChangeStatus;
  /** A reserved 2027 rule set (M10): shown, never approved or published. */
  unverified: boolean;
  payload: Record<string, unknown>;
  impact: Record<string, unknown> | null;
  draftedBy: string;
  draftedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  sourcesChecked: string[] | null;
  publishedBy: string | null;
  publishedAt: string | null;
  /** Only on a single change (get): the trail, oldest first. */
  audit?: RuleChangeAuditView[];
}

const RULE_SET_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TEAM_OR_MUNICIPALITY = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why this policy payload is not `{ switches: {<switch>: boolean}, effectiveFrom, decisionDate }`, if it is not. */
export function policyPayloadProblems(payload: Record<string, unknown>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const switches = payload.switches;
  if (typeof switches !== 'object' || switches === null || Array.isArray(switches) || !Object.keys(switches).length)
    problems.push({ field: 'payload.switches', message: `must name at least one of ${RULE_SET_SWITCHES.join(', ')}` });
  else
    for (const [key, value] of Object.entries(switches)) {
      if (!(RULE_SET_SWITCHES as readonly string[]).includes(key))
        problems.push({
          field: `payload.switches.${key}`,
          message: `is not a switch (${RULE_SET_SWITCHES.join(', ')})`,
        });
      else if (typeof value !== 'boolean')
        problems.push({ field: `payload.switches.${key}`, message: 'must be true or false' });
    }
  for (const field of ['effectiveFrom', 'decisionDate'] as const)
    if (!isValidIsoDate(payload[field]))
      problems.push({ field: `payload.${field}`, message: 'must be a date YYYY-MM-DD' });
  if (!problems.length && String(payload.decisionDate) > String(payload.effectiveFrom))
    problems.push({ field: 'payload.effectiveFrom', message: 'must not lie before the decision date' });
  return problems;
}

function view(row: RuleChangeEntity): RuleChangeView {
  return {
    id: row.id,
    kind: row.kind as RuleChangeKind,
    target: row.target,
    title: row.title,
    status: row.status as RuleChangeStatus,
    unverified: isUnverified(row),
    payload: row.payload,
    impact: row.impact,
    draftedBy: row.draftedBy,
    draftedAt: row.draftedAt.toISOString(),
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    sourcesChecked: row.sourcesChecked,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

function requireRole(actor: RuleChangeActor, roles: readonly string[], step: string): void {
  if (!roles.includes(actor.role))
    throw new RuleChangeError('RULE_CHANGE_ROLE_REQUIRED', `only ${roles.join(' or ')} may ${step} a rule change`);
}

const isUnverified = (row: RuleChangeEntity): boolean =>
  row.kind === 'rule-set' && (UNVERIFIED_RULE_SET_IDS as readonly string[]).includes(row.target);

function refuseUnverified(row: RuleChangeEntity, step: string): void {
  if (isUnverified(row))
    throw new RuleChangeError(
      'RULE_SET_NOT_VERIFIED',
      `${row.target} is a reserved 2027 rule set whose legal content is not verified; it cannot be ${step}`,
    );
}

/**
 * The life cycle of governed rule changes (draft → approved → published) and its audit trail. Every step checks
 * the actor's role; approval is four-eyes (never the drafter) and names the legal sources checked; the reserved
 * 2027 rule sets are never approved or published; a rollout asks `assertPublished` first.
 */
export class RuleChangeRegistry {
  constructor(private readonly ds: DataSource) {}

  /**
   * Refuses a draft that is not valid (RULE_CHANGE_INVALID, every problem listed) before anything is computed for
   * it: the API computes a migration's or policy's dry-run impact only for a valid draft.
   */
  async checkDraft(input: RuleChangeDraft, actor: RuleChangeActor): Promise<void> {
    requireRole(actor, RULE_CHANGE_DRAFTERS, 'draft');
    const payload = input.payload ?? {};
    const problems: { field: string; message: string }[] = [];
    if (!(RULE_CHANGE_KINDS as readonly string[]).includes(input.kind))
      problems.push({ field: 'kind', message: `must be one of ${RULE_CHANGE_KINDS.join(', ')}` });
    else if (input.kind === 'migration' && !(MIGRATION_IDS as readonly string[]).includes(input.target))
      problems.push({ field: 'target', message: `is not a migration (${MIGRATION_IDS.join(', ')})` });
    else if (input.kind === 'rule-set' && !RULE_SET_ID.test(input.target))
      problems.push({ field: 'target', message: 'is not a rule-set id (e.g. fleksjob-2026)' });
    else if (input.kind === 'policy') {
      if (!TEAM_OR_MUNICIPALITY.test(input.target))
        problems.push({ field: 'target', message: 'must be municipality or a team id' });
      else if (
        input.target !== 'municipality' &&
        !(await this.ds.getRepository(TeamEntity).existsBy({ id: input.target }))
      )
        problems.push({ field: 'target', message: `there is no team ${input.target}` });
      problems.push(...policyPayloadProblems(payload));
    } else if (Object.keys(payload).length)
      problems.push({ field: 'payload', message: `a ${input.kind} change carries no payload (only a policy does)` });
    if (!input.title.trim()) problems.push({ field: 'title', message: 'must not be empty' });
    if (problems.length) throw new RuleChangeError('RULE_CHANGE_INVALID', 'the rule change is not valid', problems);
  }

  /** Drafts a change; `impact` is what the caller computed for it (the API's own dry run, never a client's). */
  async draft(input: RuleChangeDraft, actor: RuleChangeActor, now: Date): Promise<RuleChangeView> {
    await this.checkDraft(input, actor);
    const payload = input.payload ?? {};
    const row = this.ds.getRepository(RuleChangeEntity).create({
      id: randomUUID(),
      kind: input.kind,
      target: input.target,
      title: input.title.trim(),
      status: 'draft',
      payload,
      impact: input.impact ?? null,
      draftedBy: actor.sub,
      draftedAt: now,
      approvedBy: null,
      approvedAt: null,
      sourcesChecked: null,
      publishedBy: null,
      publishedAt: null,
    });
    await this.ds.transaction(async (em) => {
      await em.getRepository(RuleChangeEntity).save(row);
      await this.audit(em, row.id, 'drafted', actor, now, { kind: row.kind, target: row.target });
    });
    return view(row);
  }

  async approve(id: string, actor: RuleChangeActor, sourcesChecked: readonly string[], now: Date) {
    requireRole(actor, RULE_CHANGE_APPROVERS, 'approve');
    const sources = sourcesChecked.map((s) => s.trim()).filter(Boolean);
    if (!sources.length)
      throw new RuleChangeError('SOURCES_REQUIRED', 'an approval names the legal sources that were checked', [
        { field: 'sourcesChecked', message: 'must list at least one legal source' },
      ]);
    return this.step(id, async (em, row) => {
      if (row.status !== 'draft')
        throw new RuleChangeError('RULE_CHANGE_WRONG_STATE', `the change is ${row.status}; only a draft is approved`);
      if (row.draftedBy === actor.sub)
        throw new RuleChangeError('FOUR_EYES_REQUIRED', 'the person who drafted a change cannot approve it');
      refuseUnverified(row, 'approved');
      Object.assign(row, { status: 'approved', approvedBy: actor.sub, approvedAt: now, sourcesChecked: sources });
      await this.audit(em, row.id, 'approved', actor, now, { sourcesChecked: sources });
    });
  }

  async publish(id: string, actor: RuleChangeActor, now: Date) {
    requireRole(actor, RULE_CHANGE_PUBLISHERS, 'publish');
    return this.step(id, async (em, row) => {
      if (row.status !== 'approved')
        throw new RuleChangeError(
          'RULE_CHANGE_WRONG_STATE',
          `the change is ${row.status}; only an approved change is published`,
        );
      refuseUnverified(row, 'published');
      Object.assign(row, { status: 'published', publishedBy: actor.sub, publishedAt: now });
      await this.audit(em, row.id, 'published', actor, now, {});
    });
  }

  async list(filter: { status?: RuleChangeStatus; kind?: RuleChangeKind } = {}): Promise<RuleChangeView[]> {
    const rows = await this.ds.getRepository(RuleChangeEntity).find({
      where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.kind ? { kind: filter.kind } : {}) },
      order: { draftedAt: 'DESC', id: 'ASC' },
    });
    return rows.map(view);
  }

  async get(id: string): Promise<RuleChangeView> {
    const row = await this.find(this.ds.manager, id, false);
    const trail = await this.ds
      .getRepository(RuleChangeAuditEntity)
      .find({ where: { changeId: id }, order: { at: 'ASC', id: 'ASC' } });
    return {
      ...view(row),
      audit: trail.map((a) => ({
        action: a.action,
        actor: a.actor,
        role: a.role,
        at: a.at.toISOString(),
        details: a.details,
      })),
    };
  }

  /** The latest published change of kind/target; RULE_CHANGE_NOT_PUBLISHED when there is none. */
  async assertPublished(kind: RuleChangeKind, target: string): Promise<RuleChangeView> {
    const row = await this.ds
      .getRepository(RuleChangeEntity)
      .findOne({ where: { kind, target, status: 'published' }, order: { publishedAt: 'DESC' } });
    if (!row) {
      // Say where it stands, so the operator knows whom to ask next.
      const pending = await this.ds
        .getRepository(RuleChangeEntity)
        .findOne({ where: { kind, target }, order: { draftedAt: 'DESC' } });
      const next = !pending
        ? 'draft it, have a jurist approve it, then publish it'
        : pending.status === 'draft'
          ? `change ${pending.id} is a draft: a jurist other than ${pending.draftedBy} approves it, then it is published`
          : `change ${pending.id} is approved: a jurist or a manager publishes it`;
      throw new RuleChangeError(
        'RULE_CHANGE_NOT_PUBLISHED',
        `no published ${kind} change for ${target}: ${next} (npm run -s frist -- changes …) before it is applied`,
      );
    }
    return view(row);
  }

  /**
   * The law migrations that are published, as the input a case created from now on starts with (law-2026 M3: the
   * migration recomputes every case, so a case opened after its publication is born migrated; the rollout's later
   * signal to it is then a no-op). P is the date the migrated rule sets carry as effectiveFrom (M2).
   */
  async publishedMigrations(): Promise<MigrationInput[]> {
    const rows = await this.ds
      .getRepository(RuleChangeEntity)
      .find({ select: { target: true }, where: { kind: 'migration', status: 'published' } });
    return MIGRATION_IDS.filter((id) => rows.some((r) => r.target === id)).map((id) => ({
      id,
      publishedOn: FLEKSJOB_2026.effectiveFrom,
    }));
  }

  /**
   * The policy decisions applied to running cases: those of every published policy change whose rollout was
   * started (`rules apply policy`, audited as `applied`), in the order they were published, each with its scope.
   * This is what a case created now starts with and what a rollout sends every running case (as data: the engine's
   * evaluation reads no database). A published decision not yet applied reaches no case.
   */
  async appliedPolicyDecisions(): Promise<AppliedPolicyDecision[]> {
    const rows = await this.ds
      .getRepository(RuleChangeEntity)
      .createQueryBuilder('c')
      .where(`c.kind = 'policy' AND c.status = 'published'`)
      .andWhere(`EXISTS (SELECT 1 FROM rule_change_audit a WHERE a.change_id = c.id AND a.action = 'applied')`)
      .orderBy('c.publishedAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
    return rows.flatMap((row) => policyDecisionsOf(row));
  }

  /** The change `id` if it is a published change of `kind`; RULE_CHANGE_NOT_PUBLISHED (or NOT_FOUND) otherwise. */
  async assertPublishedChange(id: string, kind: RuleChangeKind): Promise<RuleChangeView> {
    const row = await this.find(this.ds.manager, id, false);
    if (row.kind !== kind || row.status !== 'published')
      throw new RuleChangeError(
        'RULE_CHANGE_NOT_PUBLISHED',
        `rule change ${id} is a ${row.status} ${row.kind} change, not a published ${kind} change: it cannot be applied`,
      );
    return view(row);
  }

  /** Records that a rollout of a published change started (the operator's `rules apply`). */
  async recordApplied(id: string, actor: RuleChangeActor, now: Date, details: Record<string, unknown>) {
    await this.audit(this.ds.manager, id, 'applied', actor, now, details);
  }

  private async step(
    id: string,
    change: (em: EntityManager, row: RuleChangeEntity) => Promise<void>,
  ): Promise<RuleChangeView> {
    return this.ds.transaction(async (em) => {
      const row = await this.find(em, id, true);
      await change(em, row);
      await em.getRepository(RuleChangeEntity).save(row);
      return view(row);
    });
  }

  private async find(em: EntityManager, id: string, lock: boolean): Promise<RuleChangeEntity> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const row = uuid
      ? await em
          .getRepository(RuleChangeEntity)
          .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    if (!row) throw new RuleChangeError('RULE_CHANGE_NOT_FOUND', `there is no rule change ${id}`);
    return row;
  }

  private async audit(
    em: EntityManager,
    changeId: string,
    action: string,
    actor: RuleChangeActor,
    at: Date,
    details: Record<string, unknown>,
  ): Promise<void> {
    await em
      .getRepository(RuleChangeAuditEntity)
      .save(
        em
          .getRepository(RuleChangeAuditEntity)
          .create({ changeId, action, actor: actor.sub, role: actor.role, at, details }),
      );
  }
}

/** One decision per switch a policy change sets, with its scope (the change's target). */
export function policyDecisionsOf(row: {
  id: string;
  title: string;
  target: string;
  payload: Record<string, unknown>;
}): AppliedPolicyDecision[] {
  return Object.entries((row.payload.switches ?? {}) as Record<string, boolean>).map(([key, enabled]) => ({
    id: row.id,
    title: row.title,
    target: row.target,
    switch: key as RuleSetSwitch,
    enabled,
    decisionDate: row.payload.decisionDate as string,
    effectiveFrom: row.payload.effectiveFrom as string,
  }));
}

/** Per database: publication is final, so once every migration is published the answer never changes. */
const allMigrationsPublished = new WeakMap<DataSource, MigrationInput[]>();

/** The migrations a case started now begins with (see `publishedMigrations`); one query until all are published. */
export async function migrationsForNewCases(ds: DataSource): Promise<MigrationInput[]> {
  const known = allMigrationsPublished.get(ds);
  if (known) return known;
  const published = await new RuleChangeRegistry(ds).publishedMigrations();
  if (published.length === MIGRATION_IDS.length) allMigrationsPublished.set(ds, published);
  return published;
}

/**
 * What a case started now begins with, ready to spread into its workflow input: the published migrations and the
 * applied policy decisions (a case opened after a decision was applied starts under it, as the rollout would have
 * left it). Empty keys are left out, so a workflow input stays as it was before either existed.
 */
export async function lawForNewCases(
  ds: DataSource,
): Promise<{ migrations?: MigrationInput[]; policyDecisions?: AppliedPolicyDecision[] }> {
  const [migrations, policyDecisions] = await Promise.all([
    migrationsForNewCases(ds),
    new RuleChangeRegistry(ds).appliedPolicyDecisions(),
  ]);
  return {
    ...(migrations.length ? { migrations } : {}),
    ...(policyDecisions.length ? { policyDecisions } : {}),
  };
}
