'use client';

import Link from 'next/link';
import { PhaseStepper } from '@/components/migration/phase-stepper';
import { card, muted } from '@/components/ui';
import { useMigration } from '@/hooks/use-migration';
import { GROUP_PHASES, latestSnapshot } from '@/lib/migration';

/** The migration's phase and how many groups are in each of theirs, from the KV store. */
export function PhaseCard() {
  const state = useMigration();
  const snap = latestSnapshot(state);
  return (
    <section className={card} aria-label="migration phase" data-testid="phase-card">
      <h2 className="text-sm font-semibold">Migration phase</h2>
      {snap === null ? (
        <p className={`mt-3 text-sm ${muted}`}>
          {state.type === 'error' ? `Unavailable: ${state.message}` : 'Loading…'}
        </p>
      ) : snap.type === 'unavailable' ? (
        <p className={`mt-3 text-sm ${muted}`} data-testid="phase-unavailable">
          No data: {snap.reason}.
        </p>
      ) : (
        <div className="mt-3 space-y-3">
          <PhaseStepper phase={snap.phase} record={snap.record} standbyHours={snap.standbyHours} />
          <p className="text-sm">
            <Link href="/groups" prefetch={false} className="hover:underline">
              {snap.groups.length} consumer groups
            </Link>
            :{' '}
            {GROUP_PHASES.map((p) => [p, snap.groups.filter((g) => g.phase === p).length] as const)
              .filter(([, n]) => n > 0)
              .map(([p, n]) => `${n} ${p}`)
              .join(' · ')}
          </p>
        </div>
      )}
    </section>
  );
}
