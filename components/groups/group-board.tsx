'use client';

import { useLive } from '@/hooks/use-live';
import { card, label, muted } from '@/components/ui';
import { useMigration } from '@/hooks/use-migration';
import type { GateConfig } from '@/lib/config';
import { formatUtc, latestSnapshot, type GroupRow } from '@/lib/migration';
import { Sparkline } from './sparkline';
import { StaleAnswer } from '@/components/stale-answer';

const n = (v: number) => v.toLocaleString('en-US');
const PHASE_STYLE: Record<GroupRow['phase'], string> = {
  'kafka-only': 'bg-slate-500/15 text-slate-700 dark:text-slate-300',
  shadow: 'bg-sky-500/15 text-sky-700 dark:text-sky-300',
  'dual-read': 'bg-violet-500/15 text-violet-700 dark:text-violet-300',
  'cut-over': 'bg-emerald-500/15 text-emerald-700 dark:text-emerald-300',
  decommissioned: 'bg-slate-500/10 text-slate-500 dark:text-slate-500',
};

/**
 * One row per consumer group from config/cutover.json: its phase, Kafka lag (admin
 * API) and JetStream backlog (consumer info), each with a 3-minute trend; for a group the
 * probe runs, the worst of its probe consumers and how many. Read-only: phases change
 * with `npm run cutover`.
 */
export function GroupBoard({ gate }: { gate: GateConfig }) {
  const state = useMigration();
  const { nowMs } = useLive();
  const snap = latestSnapshot(state);
  if (snap === null) {
    return (
      <p className={`${card} ${muted}`}>
        {state.type === 'error' ? `Board unavailable: ${state.message}` : 'Loading the board…'}
      </p>
    );
  }
  if (snap.type === 'unavailable') {
    return (
      <p className={`${card} border-dashed ${muted}`} data-testid="groups-unavailable">
        No data: {snap.reason}.
      </p>
    );
  }
  const langs = Object.entries(
    snap.groups.reduce<Record<string, number>>(
      (acc, g) => ({ ...acc, [g.language]: (acc[g.language] ?? 0) + 1 }),
      {},
    ),
  );
  const ageS = state.type === 'ok' ? Math.round((nowMs - snap.atMs) / 1000) : null;
  return (
    <section className={card} aria-label="consumer groups" data-testid="group-board">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">
          {snap.groups.length} consumer groups{' '}
          <span className={`text-sm font-normal ${muted}`}>
            ({langs.map(([l, c]) => `${c} ${l}`).join(', ')})
          </span>
        </h2>
        <p className={`text-xs ${muted}`}>
          {state.type === 'error' ? (
            <StaleAnswer message={state.message} />
          ) : (
            `polled ${ageS !== null && ageS > 2 ? `${ageS} s ago` : 'just now'} · every 2 s · trend: last 3 min`
          )}
        </p>
      </header>
      {(snap.errors.kafka || snap.errors.nats) && (
        <p className="mt-2 text-sm text-red-600 dark:text-red-400" role="status">
          {snap.errors.kafka && `Kafka: ${snap.errors.kafka}. `}
          {snap.errors.nats && `NATS: ${snap.errors.nats}.`}
        </p>
      )}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className={`text-left ${label}`}>
              <th className="py-2 pr-3 font-medium">group</th>
              <th className="py-2 pr-3 font-medium">phase</th>
              <th className="py-2 pr-3 text-right font-medium">Kafka lag</th>
              <th className="py-2 pr-3 font-medium">
                <span className="sr-only">Kafka lag trend</span>
              </th>
              <th className="py-2 pr-3 text-right font-medium">JS pending</th>
              <th className="py-2 pr-3 text-right font-medium">ack pending</th>
              <th className="py-2 pr-3 text-right font-medium">redelivered</th>
              <th className="py-2 font-medium">
                <span className="sr-only">JetStream pending trend</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {snap.groups.map((g) => (
              <Row key={g.name} g={g} gate={gate} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Row({ g, gate }: { g: GroupRow; gate: GateConfig }) {
  const over = 'font-semibold text-red-600 dark:text-red-400';
  const lagOver = g.kafka.type === 'ok' && g.kafka.lag > gate.maxKafkaLag;
  const js = g.jetstream;
  const probe = g.probeConsumers;
  return (
    <tr
      className="border-t border-slate-200 align-middle dark:border-slate-800"
      data-testid={`group-${g.name}`}
      data-phase={g.phase}
    >
      <td className="py-2 pr-3">
        <span className="font-medium">{g.name}</span>{' '}
        <span className={`text-xs ${muted}`}>{g.language}</span>
        <span className={`block text-xs ${muted}`}>
          {probe
            ? `${g.kafkaGroupId}-* · ${g.stream}/${g.durable}-*`
            : `${g.kafkaGroupId} · ${g.stream}/${g.durable}`}
        </span>
        {probe && (
          <span
            className={`block text-xs ${muted}`}
            data-testid={`probe-consumers-${g.name}`}
            data-kafka={probe.kafka}
            data-jetstream={probe.jetstream}
            title="run by the probe, one consumer per probe id: the figures are the worst of them"
          >
            {probeConsumersText(probe)}
          </span>
        )}
      </td>
      <td className="py-2 pr-3">
        <span className={`rounded-md px-2 py-0.5 text-xs font-medium ${PHASE_STYLE[g.phase]}`}>
          {g.phase}
        </span>
        <span className={`block text-xs ${muted}`}>
          {g.record ? `since ${formatUtc(g.record.sinceMs)} UTC` : 'never changed'}
        </span>
      </td>
      <td
        className={`py-2 pr-3 text-right tabular-nums ${lagOver ? over : ''}`}
        data-testid={`lag-${g.name}`}
        data-value={g.kafka.type === 'ok' ? g.kafka.lag : ''}
        title={
          g.kafka.type === 'ok'
            ? `${probe ? `the worst of ${probe.kafka} probe consumer(s): ` : ''}${g.kafka.partitions} partition(s)`
            : g.kafka.message
        }
      >
        {g.kafka.type === 'ok' ? (
          n(g.kafka.lag)
        ) : (
          <span className={muted}>
            {g.kafka.type === 'error' ? 'error' : probe ? 'no probe consumer' : 'no commits'}
          </span>
        )}
      </td>
      <td className="py-2 pr-3 text-cyan-600 dark:text-cyan-400">
        <Sparkline values={g.lagTrend} label={`Kafka lag of ${g.name}`} limit={gate.maxKafkaLag} />
      </td>
      {js.type === 'ok' ? (
        <>
          <td
            className={`py-2 pr-3 text-right tabular-nums ${js.pending > gate.maxJetStreamPending ? over : ''}`}
            data-testid={`pending-${g.name}`}
            data-value={js.pending}
          >
            {n(js.pending)}
          </td>
          <td
            className={`py-2 pr-3 text-right tabular-nums ${js.ackPending > gate.maxAckPending ? over : ''}`}
            data-testid={`ack-pending-${g.name}`}
            data-value={js.ackPending}
          >
            {n(js.ackPending)}
          </td>
          <td className="py-2 pr-3 text-right tabular-nums">{n(js.redelivered)}</td>
        </>
      ) : (
        <td colSpan={3} className={`py-2 pr-3 text-right text-xs ${muted}`} title={js.message}>
          {js.type === 'error' ? 'error' : probe ? 'no probe consumer' : `no durable ${g.durable}`}
        </td>
      )}
      <td className="py-2 text-violet-600 dark:text-violet-400">
        <Sparkline
          values={g.pendingTrend}
          label={`JetStream pending of ${g.name}`}
          limit={gate.maxJetStreamPending}
        />
      </td>
    </tr>
  );
}

/** "2 probe consumers", or per broker when they differ (a probe may run one broker only). */
function probeConsumersText(c: NonNullable<GroupRow['probeConsumers']>): string {
  const count = (k: number) => `${k} probe consumer${k === 1 ? '' : 's'}`;
  return c.kafka === c.jetstream
    ? count(c.kafka)
    : `${count(c.kafka)} on Kafka, ${c.jetstream} on JetStream`;
}
