import { ClusterPanel } from '@/components/cluster/cluster-panel';

// Polled live from the server's cluster monitor (in a replay, the recording at the tab's
// position); nothing to prerender.
export const dynamic = 'force-dynamic';

export default function ClusterPage() {
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">Clusters</h1>
      <ClusterPanel />
    </main>
  );
}
