import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CASE_TYPES } from '@frist/obligations';
import { Roles } from '../auth';
import { ErrorCode } from '../common/domain-error';
import { isoDateSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiProblems, ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { ApiZodResponse } from '../openapi/response-schemas';
import { catalogResponse, previewRequest, previewResponse } from './preview.schemas';
import { PreviewService } from './preview.service';

const previewQuerySchema = z.object({ asOf: isoDateSchema.optional() });
const catalogQuerySchema = z.object({
  caseType: z.enum(Object.keys(CASE_TYPES) as [string, ...string[]]).optional(),
  migrated: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: for a case that has taken MIG-2026, with the law-2026 event types and fields (M3)'),
});

/** Thin edge over the engine's preview contract; the body is validated by the engine itself (C1). */
@ApiTags('preview')
@Roles('caseworker', 'manager', 'ops', 'jurist')
@Controller('api/v1/preview')
export class PreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Obligations of any timeline through the engine, storing nothing ("hvad nu hvis")' })
  @ApiZodBody(previewRequest, 'A timeline; law-2026 adds migrations and ruleSetConfig')
  @ApiZodResponse(200, previewResponse, 'The obligations of the timeline')
  @ApiZodQuery(previewQuerySchema)
  @ApiProblems(ErrorCode.InvalidTimeline)
  run(@Body() body: unknown, @Query(new ZodValidationPipe(previewQuerySchema)) q: z.infer<typeof previewQuerySchema>) {
    return this.previews.run(body, q.asOf);
  }

  @Get('catalog')
  @ApiOperation({ summary: "A case type's event vocabulary, obligations and trial programmes, for forms" })
  @ApiZodQuery(catalogQuerySchema)
  @ApiZodResponse(200, catalogResponse, "The case type's vocabulary, obligations and programmes")
  @ApiProblems(ErrorCode.InvalidTimeline)
  catalog(@Query(new ZodValidationPipe(catalogQuerySchema)) q: z.infer<typeof catalogQuerySchema>) {
    return this.previews.catalog(q.caseType, q.migrated === 'true');
  }
}
