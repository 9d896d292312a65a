'use client';

import { card, label, muted } from '@/components/ui';
import { useMigration } from '@/hooks/use-migration';
import { formatUtc, latestSnapshot } from '@/lib/migration';

/** Who changed which phase, when and why: the KV bucket's history, newest first. */
export function PhaseHistory() {
  const state = useMigration();
  const snap = latestSnapshot(state);
  if (!snap || snap.type !== 'live') return null;
  return (
    <section className={card} aria-label="phase history" data-testid="phase-history">
      <h2 className="text-sm font-semibold">Phase history</h2>
      {snap.history.length === 0 ? (
        <p className={`mt-2 text-sm ${muted}`}>
          No changes recorded yet. Record one with{' '}
          <code>npm run cutover -- set shadowing --why &quot;…&quot;</code>
        </p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead>
            <tr className={`text-left ${label}`}>
              <th className="py-1 pr-3 font-medium">when (UTC)</th>
              <th className="py-1 pr-3 font-medium">what</th>
              <th className="py-1 pr-3 font-medium">who</th>
              <th className="py-1 font-medium">why</th>
            </tr>
          </thead>
          <tbody>
            {snap.history.map((c) => (
              <tr
                key={`${c.sinceMs}-${c.scope}-${c.scope === 'group' ? c.group : ''}`}
                className="border-t border-slate-200 dark:border-slate-800"
              >
                <td className="py-1 pr-3 whitespace-nowrap tabular-nums">{formatUtc(c.sinceMs)}</td>
                <td className="py-1 pr-3">
                  {c.scope === 'migration' ? 'migration' : c.group}: {c.from ?? '—'} → {c.phase}
                </td>
                <td className="py-1 pr-3">{c.who}</td>
                <td className="py-1 break-words">{c.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
