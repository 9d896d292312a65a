import { label } from '@/components/ui';
import { formatPercent, formatUsd, formatUsdPerMillion, type ScenarioRow } from '@/lib/cost';
import { formatRate } from '@/lib/latency';

/** What the measured row is called: a replay's rate is not a measurement of this system. */
export function measuredName(replayed: boolean): string {
  return replayed ? 'replayed' : 'measured';
}

/** A scenario's rate as a short axis label: "10k", or "1.2k measured". */
export function rateLabel(r: ScenarioRow, replayed: boolean): string {
  const k = r.ratePerSecond / 1000;
  const text = `${k >= 10 ? Math.round(k) : Number(k.toFixed(1))}k`;
  return r.origin === 'measured' ? `${text} ${measuredName(replayed)}` : text;
}

/** The numbers behind the scenario chart: nodes, monthly cost and price per message of each backend, and the saving. */
export function ScenarioTable({ rows, replayed }: { rows: ScenarioRow[]; replayed: boolean }) {
  const cell = 'px-2 py-2';
  return (
    <table className="mt-4 w-full text-right text-sm tabular-nums" data-testid="scenario-table">
      <caption className="sr-only">Monthly cost and saving at each message rate (model)</caption>
      <thead className={label}>
        <tr>
          <th scope="col" className={`${cell} text-left font-medium`}>
            rate
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            Kafka nodes
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            Kafka / month
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            Kafka / M msgs
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            NATS nodes
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            NATS / month
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            NATS / M msgs
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            saving / month
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            saving / year
          </th>
          <th scope="col" className={`${cell} font-medium`}>
            saving
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const id = r.origin === 'measured' ? 'measured' : String(r.ratePerSecond);
          return (
            <tr
              key={`${r.origin}-${r.ratePerSecond}`}
              data-testid={`scenario-${id}`}
              data-rate-per-second={r.ratePerSecond}
              className={`border-t border-slate-200 dark:border-slate-700 ${r.origin === 'measured' ? 'bg-emerald-500/10 font-medium' : ''}`}
            >
              <th scope="row" className={`${cell} text-left font-normal`}>
                {formatRate(r.ratePerSecond)}
                {r.origin === 'measured' && (
                  <span className="ml-2 rounded bg-emerald-500/20 px-1.5 py-0.5 text-xs text-emerald-800 dark:text-emerald-200">
                    {measuredName(replayed)}
                  </span>
                )}
              </th>
              <td className={cell}>{r.kafka.nodes}</td>
              <td className={cell}>{formatUsd(r.kafka.monthlyUsd)}</td>
              <td className={cell}>{formatUsdPerMillion(r.kafka.costPerMillionUsd)}</td>
              <td className={cell}>{r.nats.nodes}</td>
              <td className={cell}>{formatUsd(r.nats.monthlyUsd)}</td>
              <td className={cell}>{formatUsdPerMillion(r.nats.costPerMillionUsd)}</td>
              <td className={cell} data-testid={`scenario-${id}-saving-monthly`}>
                {formatUsd(r.saving.monthlyUsd)}
              </td>
              <td className={cell}>{formatUsd(r.saving.yearlyUsd)}</td>
              <td
                className={cell}
                data-testid={`scenario-${id}-saving-percent`}
                data-value={r.saving.percent}
              >
                {formatPercent(r.saving.percent)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
