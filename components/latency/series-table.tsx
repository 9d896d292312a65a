import { memo } from 'react';
import { label } from '@/components/ui';
import { formatClock, formatLatencyUs, type SeriesPoint } from '@/lib/latency';

/**
 * The table behind a percentile chart: the newest 60 points of each backend, with units.
 * Memoised: it sits under a page that re-renders every frame, closed or not.
 */
export const SeriesTable = memo(function SeriesTable({
  backends,
}: {
  backends: { backend: string; points: SeriesPoint[] }[];
}) {
  return (
    <table className="mt-2 w-full text-right tabular-nums" data-testid="series-table">
      <thead className={label}>
        <tr>
          <th className="text-left">time</th>
          <th className="text-left">backend</th>
          <th>p50</th>
          <th>p99</th>
          <th>p99.9</th>
          <th>max</th>
          <th>messages</th>
        </tr>
      </thead>
      <tbody>
        {backends.flatMap(({ backend, points }) =>
          points.slice(-60).map((p) => (
            <tr key={`${backend}-${p.slotStartMs}`}>
              <td className="text-left">{formatClock(p.slotStartMs)}</td>
              <td className="text-left">{backend}</td>
              <td>{formatLatencyUs(p.p50Us)}</td>
              <td>{formatLatencyUs(p.p99Us)}</td>
              <td>{formatLatencyUs(p.p999Us)}</td>
              <td>{formatLatencyUs(p.maxUs)}</td>
              <td>{p.count.toLocaleString('en-US')}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
});
