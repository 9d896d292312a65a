import { label, muted } from '@/components/ui';
import {
  coverageNote,
  formatLatencyUs,
  type PeriodSummary,
  type ProbeLatencyKind,
  type ProbeRow,
} from '@/lib/latency';

const FIGURES = ['p50Us', 'p99Us', 'maxUs'] as const;
const NAMES: Record<(typeof FIGURES)[number], string> = {
  p50Us: 'p50',
  p99Us: 'p99',
  maxUs: 'max',
};

/**
 * The probes' own figures per probe and backend over the selected window, each from one
 * merged histogram: send delay (how late the probe sent) and publish (send → broker ack).
 */
export function ProbeTable({ rows, windowLabel }: { rows: ProbeRow[]; windowLabel: string }) {
  if (rows.length === 0)
    return (
      <p className={`text-sm ${muted}`} data-testid="probe-table-empty">
        No send delay or publish windows from any probe in the last {windowLabel}.
      </p>
    );
  return (
    <>
      <table className="w-full text-right text-sm tabular-nums" data-testid="probe-table">
        <caption className={`mb-2 text-left ${muted}`}>
          Last {windowLabel}, per probe and backend
        </caption>
        <thead className={label}>
          <tr>
            <th rowSpan={2} className="text-left">
              probe
            </th>
            <th rowSpan={2} className="text-left">
              backend
            </th>
            <th colSpan={3} className="text-center">
              send delay
            </th>
            <th colSpan={3} className="text-center">
              publish
            </th>
            <th rowSpan={2}>sent</th>
          </tr>
          <tr>
            {[0, 1].flatMap((i) => FIGURES.map((k) => <th key={`${i}-${k}`}>{NAMES[k]}</th>))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ probe, backend, sendDelay, publish }) => {
            const id = `probe-${probe}-${backend}`;
            const covers = coverageNote(sendDelay.count ? sendDelay : publish);
            return (
              <tr
                key={id}
                className="border-t border-slate-200 dark:border-slate-700"
                data-testid={`probe-row-${probe}-${backend}`}
              >
                <th className="py-2 text-left font-semibold">
                  {probe}
                  {covers && <span className={`block text-xs font-normal ${muted}`}>{covers}</span>}
                </th>
                <td className="text-left">{backend}</td>
                <Figures id={id} kind="send_delay" s={sendDelay} />
                <Figures id={id} kind="publish" s={publish} />
                <td data-testid={`${id}-count`} data-value={sendDelay.count}>
                  {sendDelay.count.toLocaleString('en-US')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul className={`mt-2 space-y-1 text-xs ${muted}`}>
        <li>
          <strong>send delay</strong>: how late the probe sent each message against its open-loop
          schedule (intended → actual send). It is inside every end-to-end figure: the probe, not
          the broker, caused it.
        </li>
        <li>
          <strong>publish</strong>: from the actual send to the broker&apos;s acknowledgement.
        </li>
      </ul>
    </>
  );
}

function Figures({ id, kind, s }: { id: string; kind: ProbeLatencyKind; s: PeriodSummary }) {
  return FIGURES.map((k) => (
    <td key={k} data-testid={`${id}-${kind}-${k}`} data-value-us={s.count ? s[k] : ''}>
      {s.count ? formatLatencyUs(s[k]) : '—'}
    </td>
  ));
}
