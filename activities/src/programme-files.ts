import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  CASE_TYPES,
  defineProgramme,
  findProgramme,
  OVERLAY_OBLIGATION_CODES,
  PROGRAMMES,
  TRIAL_ARMS,
  tryParseIsoDate,
  type TrialProgramme,
} from '@frist/obligations';

/** Why a programme file was refused; the API, the worker and the CLI refuse to start with it. */
export const ProgrammeFileErrorCode = {
  Unreadable: 'PROGRAMME_FILE_UNREADABLE',
  Invalid: 'PROGRAMME_FILE_INVALID',
  AlreadyPublished: 'PROGRAMME_ALREADY_PUBLISHED',
  DuplicateId: 'PROGRAMME_DUPLICATE_ID',
} as const;
export type ProgrammeFileErrorCode = (typeof ProgrammeFileErrorCode)[keyof typeof ProgrammeFileErrorCode];

export class ProgrammeFileError extends Error {
  constructor(
    readonly code: ProgrammeFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProgrammeFileError';
  }
}

const text = z.string().trim().min(1).max(500);
const isoDate = z.string().refine((d) => tryParseIsoDate(d) !== undefined, { message: 'must be a date YYYY-MM-DD' });
const eventType = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'must be an event type (UPPER_SNAKE)' });
const outcome = z.enum(['period-ended', 'flexjob', 'returned-to-work', 'case-closed', 'exempted']);
const caseTypeRule = z.strictObject({
  entry: z.array(text),
  suspendedWhen: z.array(text),
  suspendedBy: eventType.optional(),
  resumedBy: eventType.optional(),
  endedBy: z.record(eventType, outcome),
});
const version = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, { message: 'must be lower-case letters, digits and -' }),
  effectiveFrom: isoDate,
  parameters: z.strictObject({
    contactIntervalDays: z.int().min(1).max(365),
    individualIntervalDays: z.strictObject({ min: z.int().min(1).max(365), max: z.int().min(1).max(365) }).optional(),
    contactForms: z.array(text).min(1),
    contactHeldBy: z.array(text).min(1),
    targetHours: z.number().min(0).max(168),
    leadInDays: z.int().min(0).max(365),
  }),
});
const overlay = z.strictObject({
  // The engine, the waiver validation and the task endpoints know these codes; a new one needs a release.
  code: z.enum(OVERLAY_OBLIGATION_CODES),
  name: text,
  kind: z.literal('target'),
  source: text,
  form: z.enum(['recurring-contact', 'volume']),
  taskTitle: text,
  explanation: text,
  metBy: z.array(eventType).optional(),
  anchorLabels: z.record(eventType, text).optional(),
});
const caseTypeIds = Object.keys(CASE_TYPES) as [string, ...string[]];

/** A programme file: a `TrialProgramme` as JSON (docs/trials-and-sygedagpenge.md, "Adding a programme"). */
const programmeFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, { message: 'must be lower-case letters, digits and -' }),
    name: text,
    owner: text,
    prefix: z.string().regex(/^[a-z][a-z0-9]{0,19}$/, { message: 'must be lower-case letters and digits' }),
    enrolmentWindow: z.strictObject({ from: isoDate, to: isoDate }),
    caseTypes: z.partialRecord(z.enum(caseTypeIds), caseTypeRule),
    arms: z.array(z.enum(TRIAL_ARMS)).min(1),
    periodMonths: z.int().min(1).max(120),
    versions: z.array(version).min(1),
    reasonCodes: z.array(z.strictObject({ code: text, meaning: text, effectiveFrom: isoDate })),
    overlays: z.array(overlay),
  })
  .refine((p) => p.enrolmentWindow.from <= p.enrolmentWindow.to, {
    path: ['enrolmentWindow', 'to'],
    message: 'must not be before enrolmentWindow.from',
  })
  .refine((p) => Object.keys(p.caseTypes).length > 0, { path: ['caseTypes'], message: 'must name a case type' });

/** Validates a parsed programme file; `source` names it in the messages (a path). */
export function programmeFromData(data: unknown, source: string): TrialProgramme {
  const parsed = programmeFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ProgrammeFileError(ProgrammeFileErrorCode.Invalid, `${source}: ${issues.join('; ')}`);
  }
  if (PROGRAMMES.some((p) => p.id === parsed.data.id))
    throw new ProgrammeFileError(
      ProgrammeFileErrorCode.AlreadyPublished,
      `${source}: programme ${parsed.data.id} is already published; a changed programme needs a new id`,
    );
  try {
    // defineProgramme checks what the schema cannot: version order, overlay codes under the prefix.
    return defineProgramme(parsed.data as TrialProgramme);
  } catch (err) {
    throw new ProgrammeFileError(
      ProgrammeFileErrorCode.Invalid,
      `${source}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export function programmeFromFile(path: string): TrialProgramme {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ProgrammeFileError(
      ProgrammeFileErrorCode.Unreadable,
      `${path}: not readable JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  return programmeFromData(parsed, path);
}

/** The programmes an installation adopts (ADOPTED_PROGRAMMES), in file order; ids must be unique. */
export function adoptedProgrammes(paths: readonly string[]): TrialProgramme[] {
  const programmes = paths.map(programmeFromFile);
  programmes.forEach((p, i) => {
    if (programmes.findIndex((q) => q.id === p.id) !== i)
      throw new ProgrammeFileError(
        ProgrammeFileErrorCode.DuplicateId,
        `${paths[i]}: programme ${p.id} is adopted twice (ADOPTED_PROGRAMMES)`,
      );
  });
  return programmes;
}

/**
 * The trial catalogue of an installation: the published programmes, then the adopted ones. The API, the worker and
 * the CLI each hold one, loaded once at start; the case workflow gets the adopted part as data in its input.
 */
export class TrialCatalogue {
  readonly programmes: readonly TrialProgramme[];

  constructor(readonly adopted: readonly TrialProgramme[] = []) {
    this.programmes = adopted.length ? Object.freeze([...PROGRAMMES, ...adopted]) : PROGRAMMES;
  }

  static fromFiles(paths: readonly string[]): TrialCatalogue {
    return new TrialCatalogue(adoptedProgrammes(paths));
  }

  /** The engine's `programmes` option: its published default unless this installation adopted programmes. */
  get engineProgrammes(): readonly TrialProgramme[] | undefined {
    return this.adopted.length ? this.programmes : undefined;
  }

  find(id: string | undefined): TrialProgramme | undefined {
    return findProgramme(id, this.programmes);
  }
}
