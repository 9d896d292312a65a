import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ReplayBanner } from '@/components/layout/replay-banner';
import { serverConfig } from '@/lib/config';
import { replayRecordedAt } from '@/lib/ingest';
import './globals.css';

export const metadata: Metadata = {
  title: 'Cutover · Kafka → NATS JetStream',
  description: 'Live control room for a Kafka to NATS JetStream migration',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const { source } = serverConfig();
  const recordedAt = replayRecordedAt();
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        {source.type === 'replay' && recordedAt && (
          <ReplayBanner recordedAt={recordedAt} speed={source.speed} />
        )}
        {children}
      </body>
    </html>
  );
}
