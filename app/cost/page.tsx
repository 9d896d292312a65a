import path from 'node:path';
import { Suspense } from 'react';
import { CostPanel } from '@/components/cost/cost-panel';
import { CostPanelSkeleton } from '@/components/cost/cost-skeleton';
import { ModelAssumptions } from '@/components/cost/model-assumptions';
import { ReportedTable } from '@/components/cost/reported-table';
import { card, muted } from '@/components/ui';
import {
  ConfigError,
  configFilePath,
  loadMigrationConfig,
  type MigrationConfig,
} from '@/lib/config';

// The config file is read per request: editing it changes this page on reload, no rebuild.
export const dynamic = 'force-dynamic';

export default function CostPage() {
  const file = configFilePath();
  // The page names the file as the repository does, not where the server keeps it.
  const relative = path.relative(process.cwd(), file);
  const shownFile = relative.startsWith('..') ? path.basename(file) : relative;
  let config: MigrationConfig | null = null;
  let issues: string[] = [];
  try {
    config = loadMigrationConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues = err.issues.map((i) => i.replaceAll(file, shownFile));
  }
  const cost = config?.cost;
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
      <h1 className="text-xl font-semibold">
        Cost: what the case study reports, and what it means here
      </h1>
      {issues.length > 0 ? (
        <section
          className={`${card} border-red-500/50`}
          role="alert"
          data-testid="cost-config-error"
        >
          <h2 className="font-semibold text-red-700 dark:text-red-300">
            The config file is invalid, so there is nothing to show
          </h2>
          <ul className="mt-2 list-disc pl-5 font-mono text-sm">
            {issues.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </section>
      ) : !cost ? (
        <p className={`${card} border-dashed ${muted}`} data-testid="cost-absent">
          No <code>cost</code> section in {shownFile}: add the case study&apos;s comparison there to
          see reported and derived costs.
        </p>
      ) : (
        <>
          <ReportedTable cost={cost} />
          <Suspense fallback={<CostPanelSkeleton />}>
            <CostPanel cost={cost} />
          </Suspense>
          <ModelAssumptions cost={cost} />
        </>
      )}
    </main>
  );
}
