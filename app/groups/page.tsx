import { GroupBoard } from '@/components/groups/group-board';
import { PhaseCard } from '@/components/overview/phase-card';
import { PhaseHistory } from '@/components/migration/phase-history';
import { loadMigrationConfig } from '@/lib/config';
import { replayGateConfig } from '@/lib/ingest';

// The group list and thresholds come from config/cutover.json (a replay's from its
// recording), read per request.
export const dynamic = 'force-dynamic';

export default function GroupsPage() {
  const config = loadMigrationConfig();
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">Consumer groups</h1>
      <PhaseCard />
      <GroupBoard gate={replayGateConfig(config.gate)} />
      <PhaseHistory />
    </main>
  );
}
