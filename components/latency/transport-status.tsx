import type { FeedStatus, Transport } from '@/lib/samples';
import type { TransportStats } from '@/lib/latency';

interface Props {
  transport: Transport;
  label: string;
  stats: TransportStats & { status: FeedStatus };
  nowMs: number;
  staleAfterMs: number;
}

/** One transport's health: connection state, freshness by the page's own clock, and counts. */
export function TransportStatus({ transport, label, stats, nowMs, staleAfterMs }: Props) {
  const ageMs = stats.lastSeenMs === null ? null : Math.max(0, nowMs - stats.lastSeenMs);
  const state = describe(stats.status, ageMs, staleAfterMs);
  return (
    <div
      data-testid={`transport-${transport}`}
      data-state={state.key}
      className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm dark:border-slate-700 dark:bg-slate-900/60"
    >
      <span className={`h-2.5 w-2.5 rounded-full ${state.dot}`} aria-hidden />
      <span className="font-medium">{label}</span>
      <span className="text-slate-700 dark:text-slate-300">{state.text}</span>
      <span className="tabular-nums text-slate-500">
        {ageMs === null ? 'no data yet' : `newest ${(ageMs / 1000).toFixed(0)} s ago`} ·{' '}
        {stats.accepted} windows · {stats.duplicates} dup · {stats.rejected} rejected
        {stats.conflicts > 0 && (
          <span className="text-red-600 dark:text-red-400" data-testid={`conflicts-${transport}`}>
            {' '}
            · {stats.conflicts} conflicting
          </span>
        )}
      </span>
    </div>
  );
}

function describe(status: FeedStatus, ageMs: number | null, staleAfterMs: number) {
  switch (status.type) {
    case 'connecting':
      return { key: 'connecting', text: 'connecting…', dot: 'bg-slate-400 animate-pulse' };
    case 'reconnecting':
      return { key: 'reconnecting', text: 'reconnecting…', dot: 'bg-amber-400 animate-pulse' };
    case 'unavailable':
      return { key: 'unavailable', text: status.reason, dot: 'bg-red-500' };
    case 'off':
      return { key: 'off', text: status.reason, dot: 'bg-slate-600' };
    case 'closed':
      return { key: 'closed', text: 'closed', dot: 'bg-red-500' };
    case 'connected':
      if (ageMs !== null && ageMs > staleAfterMs)
        return { key: 'stale', text: 'connected, stale', dot: 'bg-amber-500' };
      return {
        key: ageMs === null ? 'waiting' : 'live',
        text: ageMs === null ? 'connected, waiting for data' : 'live',
        dot: 'bg-emerald-400',
      };
  }
}
