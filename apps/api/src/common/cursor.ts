import { DomainError, ErrorCode } from './domain-error';

type Part = 'date' | 'date-or-null' | 'uuid' | 'bigint' | 'instant';
type PartValue<P extends Part> = P extends 'date-or-null' ? string | null : string;

const CHECK: Record<Part, (v: unknown) => boolean> = {
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  'date-or-null': (v) => v === null || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)),
  uuid: (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v),
  bigint: (v) => typeof v === 'string' && /^\d{1,19}$/.test(v),
  instant: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v),
};

/** Opaque keyset cursors: the sort key of the last row of a page, base64url JSON. */
export const encodeCursor = (parts: (string | null)[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

export function decodeCursor<const P extends readonly Part[]>(
  s: string,
  shape: P,
): { [K in keyof P]: PartValue<P[K]> } {
  try {
    const parts = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === shape.length && shape.every((p, i) => CHECK[p](parts[i])))
      return parts as { [K in keyof P]: PartValue<P[K]> };
  } catch {
    /* fall through */
  }
  throw new DomainError(ErrorCode.InvalidCursor, 'cursor is not one this API issued');
}
