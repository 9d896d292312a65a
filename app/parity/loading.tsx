import { ParitySkeleton } from '@/components/parity/parity-skeleton';

export default function Loading() {
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">Shadow parity</h1>
      <ParitySkeleton />
    </main>
  );
}
