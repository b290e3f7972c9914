// GET /api/conversations/:conversationId — every cached message of a conversation, oldest first.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { getConversation } from '@/lib/mail/messages';
import type { ConversationDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type ConversationResponse = ConversationDto;

export const GET = withUser(
  async (_request, user, { params }: { params: Promise<{ conversationId: string }> }) => {
    const { conversationId } = await params;
    return NextResponse.json<ConversationResponse>(
      await getConversation(user.id, decodeURIComponent(conversationId)),
    );
  },
);
