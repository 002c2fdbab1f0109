import { Injectable } from '@nestjs/common';
import { TrialCatalogue } from '@frist/activities';
import { Clock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import {
  baselineRuleSet,
  CASE_TYPES,
  catalogEntry,
  OBLIGATION_CODES,
  preview,
  TimelineValidationError,
  type PreviewOutput,
} from '@frist/obligations';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { EngineCatalog } from './preview.schemas';

/** "Hvad nu hvis": any timeline through the same engine the workflows use, without touching a case. */
@Injectable()
export class PreviewService {
  constructor(
    private readonly clock: Clock,
    private readonly catalogue: TrialCatalogue,
  ) {}

  /** `asOf` from the query wins over the body's; with neither, today's Copenhagen date. */
  run(body: unknown, asOf?: string): PreviewOutput {
    const hasOwnAsOf = typeof body === 'object' && body !== null && 'asOf' in body;
    const effective = asOf ?? (hasOwnAsOf ? undefined : copenhagenDate(this.clock.now().getTime()));
    try {
      return preview(body, effective, this.catalogue.programmes);
    } catch (err) {
      if (err instanceof TimelineValidationError) {
        // The engine names an overriding date after the CLI flag; here it came from the query or the clock.
        const issues = err.issues.map((i) => (i.path === '--as-of' ? { ...i, path: 'asOf' } : i));
        throw new DomainError(ErrorCode.InvalidTimeline, err.message.replace(/--as-of/g, 'asOf'), issues);
      }
      throw err;
    }
  }

  /** Event vocabulary and obligations, so a form can offer exactly what the engine accepts. */
  catalog(caseTypeId = 'fleksjob', migrated = false): EngineCatalog {
    const caseType = Object.prototype.hasOwnProperty.call(CASE_TYPES, caseTypeId) ? CASE_TYPES[caseTypeId] : undefined;
    if (!caseType)
      throw new DomainError(
        ErrorCode.InvalidTimeline,
        `caseType: ${JSON.stringify(caseTypeId)} is not a case type (${Object.keys(CASE_TYPES).join(', ')})`,
        [{ path: 'caseType', message: `is not a case type (${Object.keys(CASE_TYPES).join(', ')})` }],
      );
    const ruleSet = baselineRuleSet(caseType.id);
    const codes: readonly string[] = caseType.id === 'fleksjob' ? OBLIGATION_CODES : caseType.obligationCodes;
    return {
      caseType: caseType.id,
      ruleSet: ruleSet.id,
      // Types known only after MIG-2026 (law-2026 M3) are offered only for a case that has taken it, with the
      // fields the migrated engine reads.
      eventTypes: caseType.events
        .filter((e) => migrated || e.sinceMigration === undefined)
        .map((e) => ({
          type: e.type,
          meaning: e.meaning,
          fields: { ...(migrated ? (e.migratedFields ?? e.fields) : e.fields) },
        })),
      obligations: codes.flatMap((code) => {
        const def = catalogEntry(code, ruleSet.id);
        if (!def) return [];
        return {
          code,
          name: def?.name ?? code,
          kind: def?.kind ?? 'target',
          metBy: [...new Set((def?.metBy ?? []).map((t) => t.on))],
        };
      }),
      programmes: this.catalogue.programmes
        .filter((p) => caseType.id in p.caseTypes)
        .map((p) => ({
          id: p.id,
          name: p.name,
          arms: [...p.arms],
          enrolmentWindow: { ...p.enrolmentWindow },
          versions: p.versions.map((v) => ({ id: v.id, effectiveFrom: v.effectiveFrom })),
          reasonCodes: p.reasonCodes.map((r) => ({ ...r })),
        })),
    };
  }
}
