import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ErrorCode } from '../common/domain-error';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { queryIntSchema } from '../common/schemas';
import {
  ApiZodResponse,
  webhookCreatedResponse,
  webhookDeliveriesResponse,
  webhookListResponse,
} from '../openapi/response-schemas';
import { ApiProblems, ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import {
  createWebhookSchema,
  webhookQuerySchema,
  type CreateWebhookDto,
  type WebhookQueryDto,
} from './dtos/webhook.dto';
import { WebhooksService } from './webhooks.service';

const deliveriesQuerySchema = z.object({ limit: queryIntSchema(1, 200).default(50) });

/** Signed outgoing webhooks per team (X-Frist-Signature: t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">). */
@ApiTags('webhooks')
@Roles('manager')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: "Subscribe a URL to a team's task changes; the secret is returned once" })
  @ApiZodBody(createWebhookSchema)
  @ApiZodResponse(201, webhookCreatedResponse)
  @ApiProblems(
    ErrorCode.WebhookUrlNotHttps,
    ErrorCode.WebhookUrlCredentials,
    ErrorCode.WebhookHostNotAllowed,
    ErrorCode.WebhookUrlInternal,
    ErrorCode.CprNotAllowed,
    ErrorCode.WebhooksDisabled,
  )
  create(@CurrentUser() user: AuthUser, @Body(new ZodValidationPipe(createWebhookSchema)) dto: CreateWebhookDto) {
    return this.webhooks.create(user, dto);
  }

  @Get()
  @ApiOperation({ summary: "The webhooks of the caller's teams (without secrets)" })
  @ApiZodQuery(webhookQuerySchema)
  @ApiZodResponse(200, webhookListResponse)
  list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(webhookQuerySchema)) q: WebhookQueryDto) {
    return this.webhooks.list(user, q);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The newest delivery attempts (one row per attempt)' })
  @ApiZodQuery(deliveriesQuerySchema)
  @ApiZodResponse(200, webhookDeliveriesResponse)
  @ApiProblems(ErrorCode.WebhookNotFound)
  deliveries(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query(new ZodValidationPipe(deliveriesQuerySchema)) q: z.infer<typeof deliveriesQuerySchema>,
  ) {
    return this.webhooks.deliveries(user, id, q.limit);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblems(ErrorCode.WebhookNotFound)
  async remove(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.webhooks.remove(user, id);
  }
}
