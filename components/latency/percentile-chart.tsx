'use client';

import { memo } from 'react';
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
import type { PhaseAnnotation } from '@/lib/migration';
import { backendColor } from './backend-colors';
import { chartRows, LOG_FLOOR_MS } from './chart-rows';

// p90 and max are in the table above the chart; five lines per backend were unreadable.
type Key = 'p50Us' | 'p99Us' | 'p999Us';
export type LineName = 'p50' | 'p99' | 'p99.9';
const LINES: { key: Key; name: LineName; dash?: string; width: number }[] = [
  { key: 'p50Us', name: 'p50', dash: '4 3', width: 1.5 },
  { key: 'p99Us', name: 'p99', width: 2 },
  { key: 'p999Us', name: 'p99.9', dash: '8 3', width: 1.5 },
];

interface Props {
  backends: { backend: string; points: SeriesPoint[] }[];
  slaMs: number;
  stepMs: number;
  lines?: LineName[];
  scale?: 'log' | 'linear';
  /** Phase changes to mark on the time axis (drawn only inside the window). */
  annotations?: readonly ChartAnnotation[];
}

/** A phase change (the default) or a leader election of either cluster. */
type ChartAnnotation = PhaseAnnotation & { kind?: 'phase' | 'election' };

const ANNOTATION_STYLE = {
  phase: { color: '#a855f7', position: 'insideTopLeft' },
  // Elections sit low on the line, clear of phase labels and of a spike's peak.
  election: { color: '#f97316', position: 'insideBottomLeft' },
} as const;

const clock = formatClock;

/**
 * p50/p99/p99.9 per backend over the window (ms), SLA line, gaps where a slot had
 * no window. Series are bounded (300 seconds or 60 minutes) and animation is off.
 * Memoised: the page re-renders every frame, and rebuilding the rows hands recharts new
 * data, which re-ran all its selectors each time although the series change twice a second.
 */
export const PercentileChart = memo(function PercentileChart({
  backends,
  slaMs,
  stepMs,
  lines = ['p50', 'p99', 'p99.9'],
  scale = 'log',
  annotations = [],
}: Props) {
  const drawn = LINES.filter((l) => lines.includes(l.name));
  const data = chartRows(backends, drawn, stepMs, scale === 'log' ? LOG_FLOOR_MS : -Infinity);
  return (
    <div
      className={scale === 'log' ? 'h-96 w-full' : 'h-80 w-full'}
      role="img"
      aria-label={`latency percentiles per ${stepMs === 1000 ? 'second' : 'minute'} and backend, SLA ${slaMs} ms`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#64748b33" strokeDasharray="3 3" />
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
            width={76}
            scale={scale}
            domain={
              scale === 'log' ? ['auto', 'auto'] : [0, (max: number) => Math.max(max, slaMs) * 1.1]
            }
            allowDataOverflow
            tickFormatter={(v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(1))}
          />
          <Tooltip
            contentStyle={{ background: '#0f172a', border: '1px solid #334155', color: '#e2e8f0' }}
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
              fill: '#ef4444',
              position: 'insideTopRight',
              fontSize: 12,
            }}
          />
          {annotations.map((a) => {
            const style = ANNOTATION_STYLE[a.kind ?? 'phase'];
            return (
              <ReferenceLine
                key={`${a.atMs}-${a.label}`}
                x={a.atMs}
                stroke={style.color}
                strokeDasharray="2 3"
                className={`annotation--${a.kind ?? 'phase'}`}
                label={{
                  value: a.label,
                  fill: style.color,
                  position: style.position,
                  fontSize: 11,
                }}
              />
            );
          })}
          {backends.flatMap(({ backend }, i) =>
            drawn.map((l) => (
              <Line
                key={`${backend}.${l.name}`}
                // Which line is which, for tests and anyone reading the SVG (ids are [a-z0-9_-]).
                className={`line--${backend}--${l.name.replace('.', '')}`}
                dataKey={`${backend}.${l.name}`}
                name={`${backend} ${l.name}`}
                stroke={backendColor(backend, i)}
                strokeWidth={l.width}
                strokeDasharray={l.dash}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            )),
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
