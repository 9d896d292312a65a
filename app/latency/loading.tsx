import { LatencySkeleton } from '@/components/latency/latency-skeleton';

export default function Loading() {
  return (
    <main className="mx-auto max-w-7xl px-6 py-6">
      <h1 className="sr-only">Latency</h1>
      <LatencySkeleton />
    </main>
  );
}
