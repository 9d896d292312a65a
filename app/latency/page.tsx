import { Suspense } from 'react';
import { LatencyDetail } from '@/components/latency/latency-detail';
import { LatencySkeleton } from '@/components/latency/latency-skeleton';

export const dynamic = 'force-dynamic';

export default function LatencyPage() {
  return (
    <main className="mx-auto max-w-7xl px-6 py-6">
      <h1 className="sr-only">Latency</h1>
      <Suspense fallback={<LatencySkeleton />}>
        <LatencyDetail />
      </Suspense>
    </main>
  );
}
