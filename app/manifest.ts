import type { MetadataRoute } from 'next';

/** The web app manifest (/manifest.webmanifest): what makes Tidings installable as an app. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/mail',
    name: 'Tidings',
    short_name: 'Tidings',
    description: 'Real-time web mail for Microsoft 365',
    start_url: '/mail',
    scope: '/',
    display: 'standalone',
    background_color: '#f7f8fa',
    theme_color: '#2f5fd0',
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
}
