// GET /api/me — the signed-in person's Microsoft 365 profile.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { type GraphProfile, getProfile } from '@/lib/graph/profile';

export const dynamic = 'force-dynamic';

export type MeResponse = GraphProfile;

export const GET = withUser(async (_request, user) =>
  NextResponse.json<MeResponse>(await getProfile(user.id)),
);
