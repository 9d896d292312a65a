import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { ReplayBanner } from '@/components/layout/replay-banner';
import { SiteHeader } from '@/components/layout/site-header';
import { LiveProvider } from '@/components/live/live-provider';
import { serverConfig } from '@/lib/config';
import { recentSeries, replayRecordedAt } from '@/lib/ingest';
import './globals.css';

export const metadata: Metadata = {
  title: 'Cutover · Kafka → NATS JetStream',
  description: 'Live control room for a Kafka to NATS JetStream migration',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const config = serverConfig();
  const recordedAt = replayRecordedAt();
  const theme = (await cookies()).get('cutover-theme')?.value === 'light' ? 'light' : 'dark';
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen antialiased">
        {config.source.type === 'replay' && recordedAt && (
          <ReplayBanner recordedAt={recordedAt} speed={config.source.speed} />
        )}
        <SiteHeader slaMs={config.slaMs} theme={theme} />
        <LiveProvider config={config.public} recordedAt={recordedAt} seed={recentSeries()}>
          {children}
        </LiveProvider>
      </body>
    </html>
  );
}
