import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tidings',
  description: 'Real-time web mail for Microsoft 365',
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
  appleWebApp: { capable: true, title: 'Tidings', statusBarStyle: 'default' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f7f8fa' },
    { media: '(prefers-color-scheme: dark)', color: '#14161a' },
  ],
};

/*
 * Applies the reader's saved light/dark choice before the first paint, so a dark-mode reader never sees
 * a white flash. Keep the storage key in step with THEME_STORAGE_KEY in lib/hooks/use-theme.ts.
 */
const themeScript = `try{var t=localStorage.getItem('tidings-theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

/*
 * Reading the request makes every page render per request, which the nonce needs anyway: proxy.ts puts
 * a fresh one in x-nonce and in the page's Content-Security-Policy, without which this script would not run.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // The theme script changes data-theme before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed string of ours, not user content. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
