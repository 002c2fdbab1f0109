import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError, ErrorCode, type ErrorDetail } from './domain-error';

/** Names and paths in answers are cut to this length: a 200,000-character key is echoed as its first characters. */
const MAX_ECHO = 80;
const echo = (s: string) => (s.length > MAX_ECHO ? `${s.slice(0, MAX_ECHO)}…` : s);

/**
 * A failed parse as one domain error. Every issue names its field; an unknown field is named itself ("is not a
 * field of …"); an issue flagged as a CPR number (CPR_ISSUE) makes the whole answer CPR_NOT_ALLOWED.
 */
export function zodIssuesError(
  issues: readonly z.core.$ZodIssue[],
  code: ErrorCode = ErrorCode.ValidationFailed,
  prefix = '',
): DomainError {
  const errors: ErrorDetail[] = [];
  let cpr = false;
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({
          path: echo([path, key].filter(Boolean).join('.')),
          field: echo(key),
          message: 'is not a known field',
        });
      continue;
    }
    if (issue.code === 'custom' && (issue.params as { code?: unknown } | undefined)?.code === ErrorCode.CprNotAllowed)
      cpr = true;
    errors.push({
      path: echo(path),
      ...(issue.path.length ? { field: echo(String(issue.path.at(-1))) } : {}),
      message: issue.message,
    });
  }
  return new DomainError(
    cpr ? ErrorCode.CprNotAllowed : code,
    errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '),
    errors,
  );
}

/** Validates a body, query or parameter against a zod schema; errors name every offending field. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw zodIssuesError(parsed.error.issues);
  }
}
