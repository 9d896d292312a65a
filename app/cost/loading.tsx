import { CostSkeleton } from '@/components/cost/cost-skeleton';

export default function Loading() {
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">
        Cost: what the case study reports, and what it means here
      </h1>
      <CostSkeleton />
    </main>
  );
}
