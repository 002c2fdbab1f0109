/**
 * CSV answers of list and dashboard endpoints: `?format=csv` or `Accept: text/csv`. The document comes from the
 * one CSV writer (`toCsv` in @frist/contracts); this file only negotiates and sets the download headers.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';

/** Spread into a query schema: `format` selects CSV (default JSON). */
export const exportFormatField = {
  format: z
    .enum(['json', 'csv'])
    .optional()
    .describe(
      'csv (or `Accept: text/csv`): the same rows as a CSV download for Excel — UTF-8 with BOM, `;` separator, ' +
        'CRLF, dates dd-mm-yyyy, Danish headers',
    ),
};

/** CSV when asked by `?format=csv`, or by an Accept header that names text/csv (and `format` does not say json). */
export function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return /(^|,)\s*text\/csv\b/i.test(req.headers.accept ?? '');
}

/** Sets the download headers; the controller returns the document. */
export function csvDownload(res: Response, name: string, today: string, csv: string): string {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}-${today}.csv"`);
  res.setHeader('Vary', 'Accept');
  return csv;
}

export const CSV_EXTENSION = 'x-frist-csv';

/**
 * OpenAPI: the endpoint also answers text/csv (the `format` query field is documented with the schema); the
 * document adds text/csv to its success answer (openapi.document.ts).
 */
export const ApiCsvExport = () => applyDecorators(ApiExtension(CSV_EXTENSION, true));
