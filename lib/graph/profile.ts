import 'server-only';
import { z } from 'zod';
import { withGraph } from './client';

const profileSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  mail: z.string().nullable(),
  userPrincipalName: z.string(),
});

export type GraphProfile = z.infer<typeof profileSchema>;

/** The signed-in person's Microsoft 365 profile (GET /me). */
export function getProfile(userId: string): Promise<GraphProfile> {
  return withGraph(userId, async (client) =>
    profileSchema.parse(await client.api('/me').select('id,displayName,mail,userPrincipalName').get()),
  );
}
