import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../auth';
import { isoDateSchema } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiZodBody } from '../openapi/zod-openapi';
import { ApiZodResponse } from '../openapi/response-schemas';
import { previewRequest, previewResponse } from './preview.schemas';
import { PreviewService } from './preview.service';

const previewQuerySchema = z.object({ asOf: isoDateSchema.optional() });
const catalogQuerySchema = z.object({ caseType: z.string().min(1).max(40).optional() });

/** Thin edge over the engine's preview contract; the body is validated by the engine itself (C1). */
@Roles('caseworker', 'manager', 'ops')
@Controller('api/v1/preview')
export class PreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Post()
  @HttpCode(200)
  @ApiZodBody(previewRequest, 'A timeline; law-2026 adds migrations and ruleSetConfig')
  @ApiZodResponse(200, previewResponse, 'The obligations of the timeline')
  run(@Body() body: unknown, @Query(new ZodValidationPipe(previewQuerySchema)) q: z.infer<typeof previewQuerySchema>) {
    return this.previews.run(body, q.asOf);
  }

  @Get('catalog')
  catalog(@Query(new ZodValidationPipe(catalogQuerySchema)) q: z.infer<typeof catalogQuerySchema>) {
    return this.previews.catalog(q.caseType);
  }
}
