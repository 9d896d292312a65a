'use client';

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatClock, type SeriesPoint } from '@/lib/latency';
import { backendColor } from './backend-colors';

interface Props {
  backends: { backend: string; series: SeriesPoint[] }[];
  slaMs: number;
}

type Row = { t: number } & Record<string, number | null>;

/** Rows keyed by slot time; a backend with no window in a slot gets null, drawn as a gap. */
function toRows(backends: Props['backends']): Row[] {
  const rows = new Map<number, Row>();
  for (const { backend, series } of backends) {
    for (const p of series) {
      const row = rows.get(p.slotStartMs) ?? ({ t: p.slotStartMs } as Row);
      // A window that measured nothing (a stalled broker) is a gap, not a 0 ms point.
      row[`${backend}.p50`] = p.count === 0 ? null : p.p50Us / 1000;
      row[`${backend}.p99`] = p.count === 0 ? null : p.p99Us / 1000;
      rows.set(p.slotStartMs, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

const clock = formatClock;

/** p50 (dashed) and p99 (solid) per backend over time, in ms, against the SLA line. */
export function LatencyChart({ backends, slaMs }: Props) {
  const rows = toRows(backends);
  return (
    <div
      className="h-80 w-full"
      role="img"
      aria-label={`p50 and p99 latency per backend over time, SLA ${slaMs} ms`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#334155" strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={clock}
            stroke="#94a3b8"
            fontSize={12}
          />
          <YAxis
            stroke="#94a3b8"
            fontSize={12}
            unit=" ms"
            width={72}
            domain={[0, (max: number) => Math.max(max, slaMs) * 1.1]}
            tickFormatter={(v: number) => v.toFixed(0)}
          />
          <Tooltip
            contentStyle={{ background: '#0f172a', border: '1px solid #334155' }}
            labelFormatter={(t) => clock(Number(t))}
            formatter={(v) => `${Number(v).toFixed(2)} ms`}
          />
          <Legend />
          <ReferenceLine
            y={slaMs}
            stroke="#ef4444"
            strokeDasharray="6 4"
            label={{
              value: `SLA ${slaMs} ms`,
              fill: '#fca5a5',
              position: 'insideTopRight',
              fontSize: 12,
            }}
          />
          {backends.flatMap(({ backend }, i) => [
            <Line
              key={`${backend}.p99`}
              dataKey={`${backend}.p99`}
              name={`${backend} p99`}
              stroke={backendColor(backend, i)}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />,
            <Line
              key={`${backend}.p50`}
              dataKey={`${backend}.p50`}
              name={`${backend} p50`}
              stroke={backendColor(backend, i)}
              strokeWidth={1.5}
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />,
          ])}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
