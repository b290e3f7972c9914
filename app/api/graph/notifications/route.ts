// POST /api/graph/notifications — Graph change notifications (and their validation handshake).
import { handleWebhook } from '@/lib/notifications/webhook';

export const dynamic = 'force-dynamic';

export const POST = (request: Request) => handleWebhook(request, 'change');
