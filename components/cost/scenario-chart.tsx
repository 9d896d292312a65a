'use client';

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { backendColor } from '@/components/latency/backend-colors';
import { formatUsd, type ScenarioRow } from '@/lib/cost';
import { rateLabel } from './scenario-table';

const SAVING_COLOR = '#10b981';

/** Monthly cost of each backend (bars) and the saving (line) at each scenario rate, USD. */
export function ScenarioChart({ rows, replayed }: { rows: ScenarioRow[]; replayed: boolean }) {
  const data = rows.map((r) => ({
    rate: rateLabel(r, replayed),
    kafka: r.kafka.monthlyUsd,
    nats: r.nats.monthlyUsd,
    saving: r.saving.monthlyUsd,
  }));
  return (
    <div
      className="h-72 w-full"
      role="img"
      aria-label="monthly cost of Kafka and NATS and the monthly saving at each message rate (model)"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#64748b33" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="rate" stroke="#94a3b8" fontSize={12} />
          <YAxis
            stroke="#94a3b8"
            fontSize={12}
            width={64}
            tickFormatter={(v: number) => `$${(v / 1000).toFixed(0)}k`}
          />
          <Tooltip
            contentStyle={{ background: '#0f172a', border: '1px solid #334155', color: '#e2e8f0' }}
            cursor={{ fill: '#64748b22' }}
            formatter={(v) => `${formatUsd(Number(v))} / month`}
          />
          <Legend
            formatter={(value: string) => (
              <span className="text-slate-700 dark:text-slate-300">{value}</span>
            )}
          />
          <Bar
            dataKey="kafka"
            name="Kafka monthly cost"
            fill={backendColor('kafka', 0)}
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Bar
            dataKey="nats"
            name="NATS monthly cost"
            fill={backendColor('nats', 1)}
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Line
            dataKey="saving"
            name="monthly saving"
            stroke={SAVING_COLOR}
            strokeWidth={2}
            dot={{ r: 4, fill: SAVING_COLOR }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
