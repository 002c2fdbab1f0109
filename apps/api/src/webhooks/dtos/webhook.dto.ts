import { z } from 'zod';
import { freeTextSchema, httpUrlSchema, teamSchema } from '../../common/schemas';

export const createWebhookSchema = z.strictObject({
  team: teamSchema,
  url: httpUrlSchema(2000),
  /** Shared HMAC key (16-200 characters); generated and returned once when left out. */
  secret: z
    .string()
    .min(16)
    .max(200)
    .regex(/^[\x21-\x7E]*$/, 'must be printable ASCII without spaces')
    .optional(),
  description: freeTextSchema(200).optional(),
});
export type CreateWebhookDto = z.infer<typeof createWebhookSchema>;

export const webhookQuerySchema = z.object({ team: teamSchema.optional() });
export type WebhookQueryDto = z.infer<typeof webhookQuerySchema>;
