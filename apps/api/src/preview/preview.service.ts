import { Injectable } from '@nestjs/common';
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

export interface EngineCatalog {
  ruleSet: string;
  eventTypes: { type: string; meaning: string; fields: Record<string, unknown> }[];
  obligations: { code: string; name: string; kind: string; metBy: string[] }[];
}

/** "Hvad nu hvis": any timeline through the same engine the workflows use, without touching a case. */
@Injectable()
export class PreviewService {
  constructor(private readonly clock: Clock) {}

  /** `asOf` from the query wins over the body's; with neither, today's Copenhagen date. */
  run(body: unknown, asOf?: string): PreviewOutput {
    const hasOwnAsOf = typeof body === 'object' && body !== null && 'asOf' in body;
    const effective = asOf ?? (hasOwnAsOf ? undefined : copenhagenDate(this.clock.now().getTime()));
    try {
      return preview(body, effective);
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
  catalog(): EngineCatalog {
    const caseType = CASE_TYPES.fleksjob;
    return {
      ruleSet: baselineRuleSet().id,
      eventTypes: caseType.events.map((e) => ({ type: e.type, meaning: e.meaning, fields: { ...e.fields } })),
      obligations: OBLIGATION_CODES.map((code) => {
        const def = catalogEntry(code);
        return {
          code,
          name: def?.name ?? code,
          kind: def?.kind ?? 'target',
          metBy: [...new Set((def?.metBy ?? []).map((t) => t.on))],
        };
      }),
    };
  }
}
