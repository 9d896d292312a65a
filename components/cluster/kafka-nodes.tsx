import { card, label, muted } from '@/components/ui';
import type { ClusterHealth, KafkaPartition, KafkaView } from '@/lib/cluster';
import { Chip, NodeCells, type Tone } from './chips';

const n = (v: number) => v.toLocaleString('en-US');

/** One row per Kafka node (controller, partitions led, ISR) and each watched topic's partitions. */
export function KafkaNodes({ view, health }: { view: KafkaView; health: ClusterHealth['kafka'] }) {
  const quorum = view.type === 'up' ? view.quorum : null;
  return (
    <section className={card} aria-label="Kafka cluster" data-testid="kafka-cluster">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">
          Kafka{' '}
          <span className={`text-sm font-normal ${muted}`}>
            {view.type === 'up'
              ? `KRaft cluster ${view.clusterId} · ${view.brokers.length} node${view.brokers.length === 1 ? '' : 's'}`
              : 'admin API unreachable'}
          </span>
        </h2>
        <p className={`text-xs ${muted}`}>
          {quorum?.type === 'ok'
            ? `active controller: node ${quorum.leaderId} (epoch ${quorum.leaderEpoch}) · ${quorum.voters.length} voter${quorum.voters.length === 1 ? '' : 's'}`
            : 'active controller unknown'}
        </p>
      </header>
      {health.note && (
        <p className={`mt-2 text-sm ${muted}`} data-testid="kafka-note">
          {health.note}
        </p>
      )}
      {view.type === 'down' && (
        <p className="mt-2 text-sm text-red-600 dark:text-red-400" role="status">
          No broker on the server&apos;s broker list answered the admin API: {view.error}
        </p>
      )}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className={`text-left ${label}`}>
              <th className="py-2 pr-3 font-medium">node</th>
              <th className="py-2 pr-3 font-medium">state</th>
              <th className="py-2 pr-3 font-medium">role</th>
              <th className="py-2 pr-3 text-right font-medium">partitions led</th>
              <th className="py-2 pr-3 text-right font-medium">replicas</th>
              <th className="py-2 text-right font-medium">out of ISR</th>
            </tr>
          </thead>
          <tbody>
            {health.rows.map((row) => (
              <tr
                key={`${row.id}-${row.address}`}
                className="border-t border-slate-200 align-top dark:border-slate-800"
                data-testid="kafka-broker"
                data-id={row.id ?? ''}
                data-up={row.up}
                data-controller={row.controller}
                data-led={row.partitionsLed}
              >
                <NodeCells
                  name={row.id !== null ? `node ${row.id}` : 'unknown node'}
                  where={row.address ?? 'address unknown'}
                  error={row.error}
                  up={row.up}
                />
                <td className="py-2 pr-3">
                  <span className="flex flex-wrap gap-1">
                    {row.controller && <Chip tone="lead">active controller</Chip>}
                    {row.quorumLag !== null && !row.controller && (
                      <Chip
                        tone={row.quorumLag === 0 ? 'plain' : 'warn'}
                        title="offsets behind the controller in the __cluster_metadata log"
                      >
                        voter{row.quorumLag > 0 ? ` · ${n(row.quorumLag)} behind` : ''}
                      </Chip>
                    )}
                    {row.partitionsLed > 0 && (
                      <Chip tone="ok">
                        leads {row.partitionsLed} partition{row.partitionsLed === 1 ? '' : 's'}
                      </Chip>
                    )}
                  </span>
                </td>
                <td className="py-2 pr-3 text-right tabular-nums">{n(row.partitionsLed)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{n(row.replicas)}</td>
                <td
                  className={`py-2 text-right tabular-nums ${row.outOfIsr > 0 ? 'font-semibold text-red-600 dark:text-red-400' : ''}`}
                >
                  {n(row.outOfIsr)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.type === 'up' && (
        <div className="mt-4 space-y-3">
          {view.topics.map((t) => {
            const row = health.topics.find((r) => r.name === t.name);
            return (
              <div
                key={t.name}
                data-testid={`kafka-topic-${t.name}`}
                data-found={t.type === 'found'}
                data-under-replicated={row?.underReplicated.length ?? 0}
              >
                <p className="text-sm">
                  <span className="font-medium">{t.name}</span>{' '}
                  <span className={`text-xs ${muted}`}>
                    {t.type === 'missing'
                      ? 'not created yet'
                      : t.type === 'error'
                        ? `unreadable: ${t.message}`
                        : `${t.partitions.length} partition${t.partitions.length === 1 ? '' : 's'} · min.insync.replicas ${t.minIsr}${t.minIsrSource === 'fallback' ? ' (assumed: CUTOVER_KAFKA_MIN_ISR)' : ''}${row && row.underReplicated.length > 0 ? ` · ${row.underReplicated.length} under-replicated` : ''}`}
                  </span>
                </p>
                {t.type === 'found' && (
                  <ul className="mt-1 flex flex-wrap gap-1.5">
                    {t.partitions.map((p) => (
                      <PartitionChip key={p.partition} p={p} minIsr={t.minIsr} />
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

function PartitionChip({ p, minIsr }: { p: KafkaPartition; minIsr: number }) {
  const offline = p.leader < 0;
  const under = p.isr.length < p.replicas.length;
  const belowMin = p.isr.length < minIsr;
  const tone: Tone = offline || belowMin ? 'bad' : under ? 'warn' : 'ok';
  const state = offline
    ? 'offline'
    : belowMin
      ? 'below min ISR'
      : under
        ? 'under-replicated'
        : 'in sync';
  return (
    <li
      className="list-none"
      data-testid="kafka-partition"
      data-partition={p.partition}
      data-leader={p.leader}
      data-isr={p.isr.join(',')}
      data-replicas={p.replicas.join(',')}
    >
      <Chip tone={tone} title={state}>
        p{p.partition} · leader {offline ? 'none' : p.leader} · ISR {p.isr.join(',') || '—'} of{' '}
        {p.replicas.join(',')}
      </Chip>
    </li>
  );
}
