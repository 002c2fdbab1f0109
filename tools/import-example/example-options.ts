import { join } from 'node:path';
import type { CaseloadOptions } from './caseload-generator';

/** Where the committed example import files live, and the options that produce them. */
export const EXAMPLE_DIR = join(__dirname, '..', '..', 'docs', 'examples', 'import');
export const EXAMPLE_OPTIONS: CaseloadOptions = {
  cases: 240,
  exportedOn: '2026-11-30',
  seed: 20,
  minYears: 0.2,
  maxYears: 2.5,
  invalidEvery: 20,
};

/** The published JSON Schemas of the import formats. */
export const SCHEMA_DIR = join(__dirname, '..', '..', 'docs', 'schemas');
