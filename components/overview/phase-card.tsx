import { card, muted } from '@/components/ui';

/** Placeholder until migration phases are tracked: says so instead of inventing a phase. */
export function PhaseCard() {
  return (
    <section className={card} aria-label="migration phase" data-testid="phase-card">
      <h2 className="text-sm font-semibold">Migration phase</h2>
      <p className={`mt-3 text-sm ${muted}`}>
        No data yet: phases (proof of concept → shadowing → cutover → standby → decommission) are
        not tracked by this version.
      </p>
    </section>
  );
}
