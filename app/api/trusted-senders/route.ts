// POST /api/trusted-senders { address } — always show remote images from this sender.
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { trustSender } from '@/lib/mail/messages';

export const dynamic = 'force-dynamic';

const body = z.object({ address: z.email() });

export const POST = withUser(async (request, user) => {
  const { address } = body.parse(await request.json().catch(() => null));
  await trustSender(user.id, address);
  return new Response(null, { status: 204 });
});
