import { card, label, muted } from '@/components/ui';
import type { CostConfig, ReportedBackend } from '@/lib/config';
import { formatUsd } from '@/lib/cost';
import { formatRate } from '@/lib/latency';

interface Row {
  metric: string;
  testId: string;
  value(b: ReportedBackend): string;
  note?(b: ReportedBackend): string;
}

const ROWS: Row[] = [
  {
    metric: 'Monthly infrastructure cost',
    testId: 'monthlyUsd',
    value: (b) => formatUsd(b.monthlyUsd),
    note: (b) => b.costBasis,
  },
  { metric: 'Nodes', testId: 'nodes', value: (b) => String(b.nodes) },
  { metric: 'Steady-state memory', testId: 'memoryGiB', value: (b) => `${b.memoryGiB} GiB` },
  {
    metric: 'Steady-state CPU',
    testId: 'cpuPercent',
    value: (b) => `${b.cpuPercent}%`,
    note: (b) => b.cpuBasis,
  },
  {
    metric: 'Max throughput per node',
    testId: 'maxThroughput',
    value: (b) => formatRate(b.maxThroughputPerNodePerSecond),
  },
  { metric: 'p50 message latency', testId: 'p50Ms', value: (b) => `${b.p50Ms} ms` },
  { metric: 'p99 message latency', testId: 'p99Ms', value: (b) => `${b.p99Ms} ms` },
  { metric: 'Data durability', testId: 'durability', value: (b) => b.durability },
  { metric: 'Client support', testId: 'clientSupport', value: (b) => b.clientSupport },
];

/** The case study's comparison table as the config file states it: reported, not measured. */
export function ReportedTable({ cost }: { cost: CostConfig }) {
  return (
    <section className={`${card} overflow-x-auto`} aria-labelledby="reported-heading">
      <h2 id="reported-heading" className="text-lg font-semibold">
        Reported by the case study
      </h2>
      <p className={`mt-1 text-sm ${muted}`} data-testid="reported-source">
        {cost.source} · at {formatRate(cost.reportedRatePerSecond)} · not measured here
      </p>
      <table className="mt-4 w-full text-left text-sm" data-testid="reported-table">
        <caption className="sr-only">
          Case study comparison of {cost.kafka.label} and {cost.nats.label}
        </caption>
        <thead className={label}>
          <tr>
            <th scope="col" className="w-1/4 pb-2 font-medium">
              metric
            </th>
            <th scope="col" className="pb-2 font-medium">
              {cost.kafka.label}
            </th>
            <th scope="col" className="pb-2 font-medium">
              {cost.nats.label}
            </th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.testId} className="border-t border-slate-200 dark:border-slate-700">
              <th scope="row" className={`py-2 pr-4 font-normal ${muted}`}>
                {row.metric}
              </th>
              {(['kafka', 'nats'] as const).map((b) => (
                <td key={b} className="py-2 pr-4 align-top">
                  <span
                    className={
                      row.testId === 'monthlyUsd' ? 'font-semibold tabular-nums' : 'tabular-nums'
                    }
                    data-testid={`reported-${row.testId}-${b}`}
                  >
                    {row.value(cost[b])}
                  </span>
                  {row.note && <span className={`ml-2 text-xs ${muted}`}>{row.note(cost[b])}</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
