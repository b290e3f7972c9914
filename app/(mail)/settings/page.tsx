import type { Metadata } from 'next';
import { SettingsPage, settingsSection } from '@/app/components/settings/settings-page';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Settings — Tidings' };
export const dynamic = 'force-dynamic';

export default async function Settings({ searchParams }: { searchParams: Promise<{ section?: string }> }) {
  await requireUser();
  const { section } = await searchParams;
  return <SettingsPage section={settingsSection(section)} />;
}
