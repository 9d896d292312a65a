import { GroupBoard } from '@/components/groups/group-board';
import { PhaseCard } from '@/components/overview/phase-card';
import { PhaseHistory } from '@/components/migration/phase-history';
import { loadMigrationConfig } from '@/lib/config';

// The group list and thresholds come from config/cutover.json, read per request.
export const dynamic = 'force-dynamic';

export default function GroupsPage() {
  const config = loadMigrationConfig();
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">Consumer groups</h1>
      <PhaseCard />
      <GroupBoard gate={config.gate} />
      <PhaseHistory />
    </main>
  );
}
