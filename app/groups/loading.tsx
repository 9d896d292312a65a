import { GroupsSkeleton } from '@/components/groups/groups-skeleton';

export default function Loading() {
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">Consumer groups</h1>
      <GroupsSkeleton />
    </main>
  );
}
