import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError, ErrorCode } from './domain-error';

/** Validates a body or query against a zod schema; unknown keys are dropped, errors name every offending field. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new DomainError(
      ErrorCode.ValidationFailed,
      errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '),
      errors,
    );
  }
}
