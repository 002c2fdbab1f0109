import { z } from 'zod';
import { teamSchema } from '../../common/schemas';

export const createWebhookSchema = z.object({
  team: teamSchema,
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
  /** Shared HMAC key (16-200 characters); generated and returned once when left out. */
  secret: z.string().min(16).max(200).optional(),
  description: z.string().trim().max(200).optional(),
});
export type CreateWebhookDto = z.infer<typeof createWebhookSchema>;

export const webhookQuerySchema = z.object({ team: teamSchema.optional() });
export type WebhookQueryDto = z.infer<typeof webhookQuerySchema>;
