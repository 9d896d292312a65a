import { card, label, muted } from '@/components/ui';
import { electionLabel, type ClusterEvent } from '@/lib/cluster';
import { formatClock } from '@/lib/latency';

/** Shown at most; the server keeps more for the charts. */
const SHOWN = 12;

/** The newest leader elections of both clusters, newest first. */
export function ElectionList({ events }: { events: readonly ClusterEvent[] }) {
  const newest = events.slice(-SHOWN).reverse();
  return (
    <section className={card} aria-label="leader elections" data-testid="cluster-events">
      <h2 className="text-sm font-semibold">Leader elections</h2>
      <p className={`mt-1 text-xs ${muted}`}>
        JetStream stream-leader advisories as they arrive; meta leader, Kafka controller and
        partition leaders by comparing polls. Each one is also marked on the latency charts.
      </p>
      {newest.length === 0 ? (
        <p className={`mt-3 text-sm ${muted}`}>None since this server started watching.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead>
            <tr className={`text-left ${label}`}>
              <th className="py-1 pr-3 font-medium">when</th>
              <th className="py-1 pr-3 font-medium">election</th>
              <th className="py-1 font-medium">seen by</th>
            </tr>
          </thead>
          <tbody>
            {newest.map((e) => (
              <tr
                key={`${e.atMs}-${e.detail}`}
                className="border-t border-slate-200 dark:border-slate-800"
                data-testid="cluster-event"
              >
                <td className="py-1 pr-3 whitespace-nowrap tabular-nums">{formatClock(e.atMs)}</td>
                <td className="py-1 pr-3">{electionLabel(e)}</td>
                <td className={`py-1 text-xs ${muted}`}>
                  {e.source === 'advisory' ? 'advisory' : 'poll'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
