import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import {
  createWebhookSchema,
  webhookQuerySchema,
  type CreateWebhookDto,
  type WebhookQueryDto,
} from './dtos/webhook.dto';
import { WebhooksService } from './webhooks.service';

const deliveriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Signed outgoing webhooks per team (X-Frist-Signature: t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">). */
@Roles('manager')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  create(@CurrentUser() user: AuthUser, @Body(new ZodValidationPipe(createWebhookSchema)) dto: CreateWebhookDto) {
    return this.webhooks.create(user, dto);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(webhookQuerySchema)) q: WebhookQueryDto) {
    return this.webhooks.list(user, q);
  }

  @Get(':id/deliveries')
  deliveries(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query(new ZodValidationPipe(deliveriesQuerySchema)) q: z.infer<typeof deliveriesQuerySchema>,
  ) {
    return this.webhooks.deliveries(user, id, q.limit);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.webhooks.remove(user, id);
  }
}
