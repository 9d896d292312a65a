import { OverviewSkeleton } from '@/components/overview/overview-skeleton';

export default function Loading() {
  return (
    <main className="mx-auto max-w-7xl px-6 py-6">
      <h1 className="sr-only">Overview</h1>
      <OverviewSkeleton />
    </main>
  );
}
