import { muted } from '@/components/ui';
import {
  formatUtc,
  MIGRATION_PHASES,
  type MigrationPhase,
  type PhaseRecord,
} from '@/lib/migration';

const LABEL: Record<MigrationPhase, string> = {
  'proof-of-concept': 'Proof of concept',
  shadowing: 'Shadowing',
  cutover: 'Cutover',
  standby: 'Standby',
  decommissioned: 'Decommissioned',
};

/** The five migration phases with the current one marked, and who moved it there and why. */
export function PhaseStepper({
  phase,
  record,
  standbyHours,
}: {
  phase: MigrationPhase;
  record: PhaseRecord<MigrationPhase> | null;
  standbyHours: number;
}) {
  const current = MIGRATION_PHASES.indexOf(phase);
  const rollbackUntilMs =
    phase === 'standby' && record ? record.sinceMs + standbyHours * 3_600_000 : null;
  return (
    <div>
      <ol className="flex flex-wrap gap-1 text-xs" aria-label="migration phases">
        {MIGRATION_PHASES.map((p, i) => (
          <li
            key={p}
            aria-current={i === current ? 'step' : undefined}
            data-testid={i === current ? 'migration-phase' : undefined}
            data-phase={p}
            className={`rounded-md px-2 py-1 ${
              i === current
                ? 'bg-cyan-600 font-semibold text-white'
                : i < current
                  ? 'bg-cyan-500/15 text-cyan-800 dark:text-cyan-200'
                  : 'bg-slate-200/60 text-slate-500 dark:bg-slate-800 dark:text-slate-400'
            }`}
          >
            {LABEL[p]}
          </li>
        ))}
      </ol>
      <p className={`mt-2 text-xs ${muted}`} data-testid="migration-phase-record">
        {record
          ? `since ${formatUtc(record.sinceMs)} UTC · ${record.who}: ${record.why}`
          : 'never changed: record phases with npm run cutover'}
      </p>
      {rollbackUntilMs !== null && (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-300">
          Rollback window ({standbyHours} h) open until {formatUtc(rollbackUntilMs)} UTC
        </p>
      )}
    </div>
  );
}
