import { Suspense } from 'react';
import { OverviewPanel } from '@/components/overview/overview-panel';
import { OverviewSkeleton } from '@/components/overview/overview-skeleton';
import { loadMigrationConfig } from '@/lib/config';
import { replayGateConfig } from '@/lib/ingest';

// Runtime configuration, read per request: nothing about brokers is baked into the build.
export const dynamic = 'force-dynamic';

export default function OverviewPage() {
  return (
    <main className="mx-auto max-w-7xl px-6 py-6">
      <h1 className="sr-only">Overview</h1>
      <Suspense fallback={<OverviewSkeleton />}>
        <OverviewPanel gate={replayGateConfig(loadMigrationConfig().gate)} />
      </Suspense>
    </main>
  );
}
