// POST /api/graph/lifecycle — Graph lifecycle notifications (and their validation handshake).
import { handleWebhook } from '@/lib/notifications/webhook';

export const dynamic = 'force-dynamic';

export const POST = (request: Request) => handleWebhook(request, 'lifecycle');
