import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { caseReportCsv, type ImportFormat } from '@frist/activities';
import { Clock } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiCsvExport, csvDownload, exportFormatField, wantsCsv } from '../exports/csv-response';
import { ApiProblems, ApiZodQuery } from '../openapi/zod-openapi';
import { ApiZodResponse, importReportResponse, importRunResponse } from '../openapi/response-schemas';
import { ImportsService, MAX_API_IMPORT_CASES, reportBody } from './imports.service';

const importQuerySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default('api-upload')
    .describe('the file name, for the batch and the audit trail'),
  ...exportFormatField,
});
type ImportQueryDto = z.infer<typeof importQuerySchema>;

const CONTENT_TYPES: Record<string, ImportFormat> = { 'application/x-ndjson': 'jsonl', 'text/csv': 'csv' };

/** The body as text and its format, from the Content-Type (JSON Lines or CSV of events). */
function importFile(req: Request, body: unknown, q: ImportQueryDto) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const format = CONTENT_TYPES[type];
  if (!format || typeof body !== 'string' || body.trim() === '')
    throw new DomainError(ErrorCode.ValidationFailed, 'send the file as application/x-ndjson or text/csv', [
      { field: 'body', message: 'must be a JSON Lines or CSV import file' },
    ]);
  return { text: body, format, name: q.name };
}

const ApiImportBody = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiConsumes('application/x-ndjson', 'text/csv')(target, key, descriptor);
  ApiBody({
    description: `JSON Lines (one case per line) or CSV of events (one event per row); at most ${MAX_API_IMPORT_CASES} cases. Formats: docs/onboarding.md and docs/schemas.`,
    schema: { type: 'string' },
  })(target, key, descriptor);
};

/** Importing a running caseload through the API (the CLI `frist import` does the same with progress and resume). */
@ApiTags('imports')
@Roles('manager', 'ops')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly clock: Clock,
  ) {}

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Validate an import file without touching Temporal: per case accepted or rejected, with Danish reasons',
  })
  @ApiImportBody()
  @ApiZodQuery(importQuerySchema)
  @ApiZodResponse(200, importReportResponse)
  @ApiCsvExport()
  @ApiProblems(ErrorCode.ValidationFailed)
  validate(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Query(new ZodValidationPipe(importQuerySchema)) q: ImportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const entries = this.imports.validate(user, importFile(req, body, q));
    if (!wantsCsv(req, q.format)) return reportBody(entries);
    return csvDownload(res, 'importrapport', copenhagenDate(this.clock.now().getTime()), caseReportCsv(entries));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import: create the accepted cases or add their new events; a re-run skips identical cases',
    description:
      'Answers when the run is done, with the batch id and each case’s outcome (created, updated, unchanged, ' +
      'conflict, failed, rejected). Cases for teams outside the caller’s are rejected.',
  })
  @ApiImportBody()
  @ApiZodQuery(importQuerySchema)
  @ApiZodResponse(200, importRunResponse)
  @ApiCsvExport()
  @ApiProblems(ErrorCode.ValidationFailed)
  async run(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Query(new ZodValidationPipe(importQuerySchema)) q: ImportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.imports.run(user, importFile(req, body, q));
    if (wantsCsv(req, q.format))
      return csvDownload(
        res,
        'importrapport',
        copenhagenDate(this.clock.now().getTime()),
        caseReportCsv(result.entries),
      );
    return { batchId: result.batchId, resumed: result.resumed, seconds: result.seconds, ...reportBody(result.entries) };
  }
}
