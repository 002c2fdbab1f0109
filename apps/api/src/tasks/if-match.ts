import { DomainError, ErrorCode } from '../common/domain-error';

/** A task's entity tag is its row version: the projection and every assignment bump it. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Optimistic concurrency (RFC 9110 §13.1.1): a mutating task request must carry If-Match with the ETag it read.
 * Missing → 428; no listed tag matches (strong comparison, so W/ tags never do) → 412.
 */
export function assertIfMatch(header: string | undefined, version: number): void {
  if (header === undefined || header.trim() === '')
    throw new DomainError(ErrorCode.PreconditionRequired, 'send If-Match with the ETag of the task you read');
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*') || tags.includes(etagOf(version))) return;
  throw new DomainError(ErrorCode.PreconditionFailed, `the task is now at ETag ${etagOf(version)}; read it again`);
}
