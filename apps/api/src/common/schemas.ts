import { z } from 'zod';
import { containsCpr } from '@frist/contracts';
import { tryParseIsoDate } from '@frist/obligations';
import { ErrorCode } from './domain-error';
import { documentedAs } from '../openapi/zod-openapi';

/**
 * The engine's date range (B3): real calendar dates 1900-01-01 … 2199-12-31, leap days included, as one regular
 * expression so the OpenAPI document promises exactly what is accepted (the engine's parser double-checks).
 */
const ISO_DATE = new RegExp(
  '^(?:(?:19|20|21)\\d\\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))' +
    '|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:0[048]|[2468][048]|[13579][26])|21(?:0[48]|[2468][048]|[13579][26]))-02-29)$',
);

const isoDateOf = (missing?: string) =>
  z
    .string(missing ? { error: (issue) => (issue.input === undefined ? missing : undefined) } : undefined)
    .regex(ISO_DATE, { message: 'must be a real date YYYY-MM-DD between 1900-01-01 and 2199-12-31', abort: true })
    .refine((s) => tryParseIsoDate(s) !== undefined, 'is not a calendar date');

/**
 * A real calendar date YYYY-MM-DD within 1900-01-01 … 2199-12-31 (2027-02-30 and 1800-01-01 are rejected). Named
 * for the OpenAPI document (components.schemas.IsoDate): its pattern is long and every event repeats it.
 */
export const isoDateSchema = isoDateOf().meta({ id: 'IsoDate' });

/** The same date, with its own message when it is missing; documented as IsoDate. */
export const isoDate = (missing?: string) =>
  missing ? documentedAs(isoDateOf(missing), isoDateSchema) : isoDateSchema;

/**
 * Issues carrying this param are answered with CPR_NOT_ALLOWED instead of VALIDATION_FAILED (zodIssuesToError).
 */
export const CPR_ISSUE = { code: ErrorCode.CprNotAllowed } as const;

// Patterns, not refinements, so the OpenAPI document states them. JSON Schema patterns search (are not anchored),
// so "has a visible character" is its own linear pattern; no backtracking on long input. Matching control
// characters is their purpose.
/* eslint-disable no-control-regex */
/** Text: no C0 control but tab, line feed and carriage return; no DEL or C1 control (Postgres refuses NUL). */
const TEXT_CHARS = /^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$/;
/** A one-line value: no control character at all. */
const LINE_CHARS = /^[^\x00-\x1F\x7F-\x9F]*$/;
const VISIBLE = /[^\x00-\x20\x7F-\x9F]/;
/** Unpaired UTF-16 surrogates cannot be stored as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/* eslint-enable no-control-regex */

const noCpr = (s: string) => !containsCpr(s);
const cprMessage = { message: 'looks like a CPR number; frist must not hold one', params: CPR_ISSUE };

/** A URL as its receiver reads it: percent-escapes decoded, `+` as a space (left as sent where malformed). */
function decodedUrl(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    return url;
  }
}

/** An http(s) URL that frist stores and calls: no CPR number in its path, query or fragment, escaped or not. */
export const httpUrlSchema = (max: number) =>
  z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(max)
    .refine((u) => noCpr(decodedUrl(u)), cprMessage);

const boundedText = (max: number, chars: RegExp) =>
  z
    .string()
    .max(max)
    .regex(chars, 'must not contain control characters')
    .regex(VISIBLE, 'must not be empty')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode text')
    .refine(noCpr, cprMessage);

/**
 * Free text a person writes (a reason, a note, a description): up to max characters with at least one visible,
 * line breaks allowed, no other control characters, never a CPR number in any spelling. Stored as sent.
 */
export const freeTextSchema = (max = 500) => boundedText(max, TEXT_CHARS);

/** A one-line value that is stored and shown (a citizen reference, a user id): no control characters, no CPR. */
export const lineSchema = (max: number) => boundedText(max, LINE_CHARS);

export const teamSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a team slug: lowercase letters, digits and -')
  .refine(noCpr, cprMessage);

/** A client-chosen idempotency key; stored, shown and sent to the workflow, so never a CPR number either. */
export const eventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 . _ : -')
  .refine(noCpr, cprMessage);

const INTEGER = /^-?\d{1,15}$/;

/**
 * An integer query parameter within min … max; add `.default(n)` or `.optional()`. Only digits are read as a
 * number: an empty value (`?minDays=`), `1e3`, ` 5` or `0x10` answer 400, where `z.coerce.number()` would read them
 * as 0, 1000, 5 and 16. Documented as the integer it is.
 */
export const queryIntSchema = (min: number, max: number) =>
  documentedAs(
    z.preprocess(
      (v) => (typeof v === 'string' && INTEGER.test(v) ? Number(v) : v),
      z.number({ error: 'must be an integer' }).int().min(min).max(max),
    ),
    z.number().int().min(min).max(max),
  );
