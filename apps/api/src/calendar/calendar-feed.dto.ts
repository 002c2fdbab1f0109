import { z } from 'zod';
import { teamSchema } from '../common/schemas';

export const createCalendarFeedSchema = z
  .object({
    /** mine: open tasks assigned to me; team: every open task of `team`. */
    kind: z.enum(['mine', 'team']),
    team: teamSchema.optional().describe('required for kind team: one of your teams'),
  })
  .superRefine((dto, ctx) => {
    if (dto.kind === 'team' && !dto.team)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'is required for a team feed' });
    if (dto.kind === 'mine' && dto.team)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'belongs to a team feed only' });
  });
export type CreateCalendarFeedDto = z.infer<typeof createCalendarFeedSchema>;

const feed = z.object({
  id: z.uuid(),
  kind: z.enum(['mine', 'team']),
  team: z.string().nullable(),
  teams: z.array(z.string()).describe('the teams the feed may show (yours when it was made)'),
  createdAt: z.string(),
});
export const calendarFeedCreatedResponse = feed.extend({
  token: z.string().describe('shown only here; the feed URL is the credential'),
  url: z.string().describe('subscribe to this URL in Outlook (Add calendar → From internet)'),
});
export const calendarFeedListResponse = z.object({ items: z.array(feed) });

/** `<token>.ics`: 43 characters of base64url (32 random bytes), then the extension. */
export const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;
