'use client';

import { useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { TransportStrip } from '@/components/latency/transport-strip';
import { useLive } from '@/hooks/use-live';
import { card, label, muted } from '@/components/ui';
import { formatClock } from '@/lib/latency';
import { formatEta, parityRunKey, type ParityMessage, type ParityProblem } from '@/lib/parity';

const n = (v: number) => v.toLocaleString('en-US');
const PROBLEMS: { id: ParityProblem; text: string }[] = [
  { id: 'checksum_mismatch', text: 'checksum mismatch' },
  { id: 'missing', text: 'missing' },
  { id: 'duplicate', text: 'duplicate' },
  { id: 'unknown_id', text: 'unknown id' },
];

/**
 * The shadow run in full: progress to the target, every counter per side, rate and
 * ETA, the history this tab has seen, and the sample of offending message ids the
 * probe reports (docs/protocol.md, "Parity progress").
 */
export function ParityPanel() {
  const { figures, snapshot, nowMs } = useLive();
  const runs = figures.parity();
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<ParityProblem | 'all'>('all');
  const p = runs.find((r) => parityRunKey(r) === chosen) ?? runs[0];
  const history = p ? figures.parityHistory(p.probe, p.ledger) : [];
  const historyLength = history.length;
  const chartData = useMemo(
    () => history.map((h) => ({ t: h.atMs, matched: h.matched, problems: h.problems })),
    // The history grows in place; its length says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [p?.probe, p?.ledger, historyLength, snapshot.version],
  );

  if (!p) {
    return (
      <div className="space-y-6">
        <TransportStrip />
        <p className={`${card} border-dashed text-center ${muted}`} data-testid="parity-empty">
          No parity progress yet. It appears when a probe dual-writes to both brokers (
          <code>npm run probe</code>) or another producer publishes parity messages as described in
          docs/protocol.md.
        </p>
      </div>
    );
  }

  const pct = p.target > 0 ? Math.min(100, (100 * p.matched) / p.target) : 0;
  const ageS = Math.max(0, Math.round((nowMs - p.atMs) / 1000));
  const offenders = p.offenders.filter((o) => problem === 'all' || o.problem === problem);
  return (
    <div className="space-y-6">
      <TransportStrip />
      <section className={card} aria-label="parity progress" data-testid="parity-progress">
        <header className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">
            <span data-testid="parity-matched" data-value={p.matched}>
              {n(p.matched)}
            </span>{' '}
            <span className={`text-base font-normal ${muted}`}>
              of{' '}
              <span data-testid="parity-target" data-value={p.target}>
                {n(p.target)}
              </span>{' '}
              shadowed messages matched ({pct.toFixed(pct < 10 ? 2 : 1)} %)
            </span>
          </h2>
          {runs.length > 1 ? (
            <label className="text-sm">
              <span className="sr-only">shadow run</span>
              <select
                className="rounded-md border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
                value={parityRunKey(p)}
                onChange={(e) => setChosen(e.target.value)}
              >
                {runs.map((r) => (
                  <option key={parityRunKey(r)} value={parityRunKey(r)}>
                    {r.probe} · ledger {r.ledger}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p className={`text-sm ${muted}`}>
              probe {p.probe} · ledger {p.ledger}
            </p>
          )}
        </header>
        <div
          className="mt-3 h-3 w-full rounded bg-slate-200 dark:bg-slate-800"
          role="progressbar"
          aria-label="matched of target"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(pct)}
        >
          <div className="h-3 rounded bg-cyan-500" style={{ width: `${pct}%` }} />
        </div>
        <p className={`mt-2 text-xs ${muted}`}>
          updated {ageS <= 1 ? 'just now' : `${ageS} s ago`} · CRC32 of every message compared
          across both brokers · only matched messages count towards the target
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Figure name="shadowed" value={n(p.shadowed)} testId="parity-shadowed" />
          <Figure name="in flight" value={n(p.inFlight)} testId="parity-in-flight" />
          <Figure
            name="rate"
            value={`${n(Math.round(p.ratePerSecond))} msg/s`}
            testId="parity-rate"
          />
          <Figure
            name="ETA"
            value={p.etaSeconds === null ? '—' : formatEta(p.etaSeconds)}
            testId="parity-eta"
          />
        </dl>
      </section>

      <section className={card} aria-label="parity problems">
        <h2 className="text-sm font-semibold">Per side</h2>
        <table className="mt-2 w-full max-w-xl text-sm">
          <thead>
            <tr className={`text-left ${label}`}>
              <th className="py-1 pr-3 font-medium">problem</th>
              <th className="py-1 pr-3 text-right font-medium">kafka</th>
              <th className="py-1 text-right font-medium">nats</th>
            </tr>
          </thead>
          <tbody>
            <SideRow name="checksum mismatches" id="mismatches" p={p} field="mismatches" />
            <SideRow
              name="missing"
              id="missing"
              p={p}
              field="missing"
              note="acknowledged by the broker, never delivered within the grace period"
            />
            <SideRow
              name="unsent"
              id="unsent"
              p={p}
              field="unsent"
              note="the probe's publish failed or was skipped: never acknowledged, so not lost"
            />
            <SideRow
              name="late"
              id="late"
              p={p}
              field="late"
              note="delivered after the grace period: counted once here, taken off missing"
            />
            <SideRow name="duplicates" id="duplicates" p={p} field="duplicates" />
            <SideRow name="unknown ids" id="unknown" p={p} field="unknown" />
            <SideRow
              name="foreign"
              id="foreign"
              p={p}
              field="foreign"
              note="another probe's messages this run consumed, kept out of latency and parity"
            />
            <SideRow
              name="stale"
              id="stale"
              p={p}
              field="stale"
              note="an earlier run's messages (same probe id) this run consumed, kept out too"
            />
          </tbody>
        </table>
        <p className={`mt-2 text-xs ${muted}`}>
          Foreign and stale are this run&apos;s counts, the others the ledger&apos;s totals. —: not
          reported (a probe from before these counts).
        </p>
      </section>

      <section className={card} aria-label="parity history">
        <h2 className="mb-2 text-sm font-semibold">
          History{' '}
          <span className={`font-normal ${muted}`}>
            (this tab, one point per report; problems on the right axis)
          </span>
        </h2>
        <div
          className="h-64 w-full"
          role="img"
          aria-label="matched messages and problems over time"
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={chartData} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="#64748b33" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={formatClock}
                stroke="#94a3b8"
                fontSize={12}
              />
              <YAxis yAxisId="m" stroke="#94a3b8" fontSize={12} width={80} tickFormatter={n} />
              <YAxis
                yAxisId="p"
                orientation="right"
                stroke="#ef4444"
                fontSize={12}
                width={48}
                allowDecimals={false}
              />
              <Tooltip
                contentStyle={{
                  background: '#0f172a',
                  border: '1px solid #334155',
                  color: '#e2e8f0',
                }}
                labelFormatter={(t) => formatClock(Number(t))}
              />
              <Legend />
              <Line
                yAxisId="m"
                dataKey="matched"
                name="matched"
                stroke="#06b6d4"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="p"
                dataKey="problems"
                name="mismatched + missing"
                stroke="#ef4444"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </section>

      <section className={card} aria-label="offending messages" data-testid="parity-offenders">
        <header className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-sm font-semibold">
            Offending messages{' '}
            <span className={`font-normal ${muted}`}>
              (the probe&apos;s sample: up to 100 newest)
            </span>
          </h2>
          <div className="flex flex-wrap gap-1 text-xs" role="group" aria-label="filter by problem">
            {(['all', ...PROBLEMS.map((x) => x.id)] as const).map((id) => (
              <button
                key={id}
                type="button"
                aria-pressed={problem === id}
                onClick={() => setProblem(id)}
                className={`rounded-md px-2 py-1 ${problem === id ? 'bg-cyan-600 text-white' : 'bg-slate-200/60 dark:bg-slate-800'}`}
              >
                {id === 'all' ? 'all' : PROBLEMS.find((x) => x.id === id)!.text} (
                {id === 'all'
                  ? p.offenders.length
                  : p.offenders.filter((o) => o.problem === id).length}
                )
              </button>
            ))}
          </div>
        </header>
        {offenders.length === 0 ? (
          <p className={`mt-3 text-sm ${muted}`} data-testid="offenders-empty">
            {p.offenders.length === 0
              ? 'No offending messages: every settled message matched.'
              : 'None of this kind.'}
          </p>
        ) : (
          <table className="mt-3 w-full text-sm">
            <thead>
              <tr className={`text-left ${label}`}>
                <th className="py-1 pr-3 font-medium">message id</th>
                <th className="py-1 pr-3 font-medium">side</th>
                <th className="py-1 pr-3 font-medium">what was wrong</th>
                <th className="py-1 font-medium">seen</th>
              </tr>
            </thead>
            <tbody>
              {offenders.map((o) => (
                <tr
                  key={`${o.id}-${o.side}-${o.problem}`}
                  className="border-t border-slate-200 dark:border-slate-800"
                  data-testid="offender"
                  data-problem={o.problem}
                  data-side={o.side}
                >
                  <td className="py-1 pr-3 font-mono text-xs break-all">{o.id}</td>
                  <td className="py-1 pr-3">{o.side}</td>
                  <td className="py-1 pr-3">{describeProblem(o.problem, o.side)}</td>
                  <td className="py-1 tabular-nums">{formatClock(o.atMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function Figure({ name, value, testId }: { name: string; value: string; testId: string }) {
  return (
    <div>
      <dt className={label}>{name}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function SideRow({
  name,
  id,
  p,
  field,
  note,
}: {
  name: string;
  id: string;
  p: ParityMessage;
  field:
    'mismatches' | 'missing' | 'unsent' | 'late' | 'duplicates' | 'unknown' | 'foreign' | 'stale';
  /** What the count means, under its name. */
  note?: string;
}) {
  const bad = field === 'mismatches' || field === 'missing';
  // late, unsent, foreign and stale are optional: older probes do not send them.
  const counts = p[field];
  return (
    <tr className="border-t border-slate-200 align-top dark:border-slate-800">
      <td className="py-1 pr-3">
        {name}
        {note && <span className={`block text-xs ${muted}`}>{note}</span>}
      </td>
      {(['kafka', 'nats'] as const).map((side) => (
        <td
          key={side}
          className={`py-1 text-right tabular-nums ${side === 'kafka' ? 'pr-3' : ''} ${bad && counts && counts[side] > 0 ? 'font-semibold text-red-600 dark:text-red-400' : ''}`}
          data-testid={`parity-${id}-${side}`}
          data-value={counts ? counts[side] : ''}
        >
          {counts ? n(counts[side]) : '—'}
        </td>
      ))}
    </tr>
  );
}

function describeProblem(problem: ParityProblem, side: 'kafka' | 'nats'): string {
  switch (problem) {
    case 'checksum_mismatch':
      return `the ${side} copy's CRC32 differs from the one written`;
    case 'missing':
      return `never arrived on ${side} within the grace period`;
    case 'duplicate':
      return `delivered more than once on ${side}`;
    case 'unknown_id':
      return `arrived on ${side} but was never shadowed by this ledger`;
  }
}
