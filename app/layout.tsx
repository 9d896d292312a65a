import type { Metadata, Viewport } from 'next';
import { cookies, headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ReplayBanner } from '@/components/layout/replay-banner';
import { SiteHeader } from '@/components/layout/site-header';
import { LiveProvider } from '@/components/live/live-provider';
import { serverConfig } from '@/lib/config';
import { currentReplayInfo, recentSeries } from '@/lib/ingest';
import './globals.css';

const title = 'Cutover · Kafka → NATS JetStream';
const description =
  'Control room for a Kafka to NATS JetStream migration: latency, shadow parity, consumer groups and the go / no-go gate.';

/**
 * Icons, the web manifest and the social preview (public/). A shared link's preview needs
 * absolute URLs: they are made from the host the page was asked for (through a trusted
 * proxy, the host it forwarded), so they work wherever Cutover is served.
 */
export async function generateMetadata(): Promise<Metadata> {
  return {
    metadataBase: await requestOrigin(),
    title,
    description,
    applicationName: 'Cutover',
    manifest: '/manifest.webmanifest',
    icons: {
      icon: [
        { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
        { url: '/icon.svg', type: 'image/svg+xml' },
      ],
      apple: [{ url: '/apple-touch-icon.png', sizes: '180x180', type: 'image/png' }],
    },
    openGraph: {
      type: 'website',
      siteName: 'Cutover',
      title,
      description,
      images: [
        { url: '/og.png', width: 1200, height: 630, alt: 'Cutover: Kafka → NATS JetStream' },
      ],
    },
    twitter: { card: 'summary_large_image', title, description, images: ['/og.png'] },
  };
}

export const viewport: Viewport = { themeColor: '#020617', colorScheme: 'dark light' };

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The origin the browser asked for; behind trusted proxies, the one they forwarded. */
async function requestOrigin(): Promise<URL> {
  const h = await headers();
  const proxied = serverConfig().trustedProxies > 0;
  const first = (name: string) => h.get(name)?.split(',')[0]?.trim() ?? null;
  const host = (proxied && first('x-forwarded-host')) || h.get('host');
  const proto = proxied && first('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return new URL(host && HOST.test(host) ? `${proto}://${host}` : 'http://localhost:3000');
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const config = serverConfig();
  const replay = currentReplayInfo();
  const theme = (await cookies()).get('cutover-theme')?.value === 'light' ? 'light' : 'dark';
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen antialiased">
        {replay && <ReplayBanner info={replay} />}
        <SiteHeader slaMs={config.slaMs} theme={theme} />
        <LiveProvider
          config={config.public}
          recordedAt={replay?.recordedAt ?? null}
          replay={replay}
          seed={recentSeries()}
        >
          {children}
        </LiveProvider>
      </body>
    </html>
  );
}
