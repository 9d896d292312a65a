import { card, label, muted } from '@/components/ui';
import type { ClusterHealth, NatsRole, NatsView } from '@/lib/cluster';
import { Chip, NodeCells } from './chips';

const n = (v: number) => v.toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** A role as data (for tests and the SVG-free reader) and as a chip. */
function roleKey(r: NatsRole): string {
  switch (r.type) {
    case 'meta-leader':
    case 'standalone':
      return r.type;
    case 'stream-leader':
      return `stream-leader:${r.stream}`;
    case 'replica':
      return `replica:${r.stream}:${r.current ? 'current' : r.inSync ? 'in-sync' : r.offline ? 'offline' : `lag-${r.lag}`}`;
    case 'replica-unknown':
      return `replica:${r.stream}:unknown`;
  }
}

function RoleChip({ role }: { role: NatsRole }) {
  switch (role.type) {
    case 'meta-leader':
      return <Chip tone="lead">meta leader</Chip>;
    case 'standalone':
      return <Chip tone="plain">standalone (no cluster)</Chip>;
    case 'stream-leader':
      return <Chip tone="ok">{role.stream} leader</Chip>;
    case 'replica':
      if (role.inSync) {
        return (
          <Chip
            tone="info"
            title={`leader heard from it ${(role.activeMs / 1000).toFixed(1)} s ago`}
          >
            {role.stream} replica ·{' '}
            {role.current ? 'current' : `in sync, ${n(role.lag)} ops in flight`}
          </Chip>
        );
      }
      return (
        <Chip tone={role.offline ? 'bad' : 'warn'}>
          {role.stream} replica · {role.offline ? 'offline' : `lagging by ${n(role.lag)} ops`}
        </Chip>
      );
    case 'replica-unknown':
      return (
        <Chip tone="warn" title="the stream leader's monitoring endpoint did not answer">
          {role.stream} replica · progress unknown
        </Chip>
      );
  }
}

/** One row per NATS node: up/down, its roles in the meta group and each watched stream. */
export function NatsNodes({ view, health }: { view: NatsView; health: ClusterHealth['nats'] }) {
  const allDown = view.nodes.every((x) => x.type === 'down');
  const clusterName = view.nodes.map((x) => (x.type === 'up' ? x.cluster : null)).find(Boolean);
  return (
    <section className={card} aria-label="NATS cluster" data-testid="nats-cluster">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">
          NATS JetStream{' '}
          <span className={`text-sm font-normal ${muted}`}>
            {clusterName
              ? `cluster ${clusterName} · ${view.nodes.length} nodes`
              : `${view.nodes.length} node${view.nodes.length === 1 ? '' : 's'}`}
          </span>
        </h2>
        <p className={`text-xs ${muted}`}>
          {view.meta
            ? `meta leader ${view.meta.leader ?? 'none'} · meta group of ${view.meta.size}`
            : 'no JetStream meta group'}
          {' · '}
          {view.streams
            .map((s) =>
              s.type === 'found'
                ? `${s.name} R${s.replicas}, ${n(s.messages)} msgs`
                : `${s.name} not found`,
            )
            .join(' · ')}
        </p>
      </header>
      {health.note && (
        <p className={`mt-2 text-sm ${muted}`} data-testid="nats-note">
          {health.note}
        </p>
      )}
      {allDown && (
        <p className="mt-2 text-sm text-red-600 dark:text-red-400" role="status">
          No monitoring endpoint answered. Each node&apos;s <code>/varz</code> and <code>/jsz</code>{' '}
          are read from CUTOVER_NATS_MONITOR_URLS ({view.nodes.map((x) => x.url).join(', ')}).
        </p>
      )}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className={`text-left ${label}`}>
              <th className="py-2 pr-3 font-medium">node</th>
              <th className="py-2 pr-3 font-medium">state</th>
              <th className="py-2 pr-3 font-medium">role</th>
              <th className="py-2 pr-3 font-medium">version</th>
              <th className="py-2 pr-3 text-right font-medium">connections</th>
              <th className="py-2 text-right font-medium">memory</th>
            </tr>
          </thead>
          <tbody>
            {health.rows.map((row) => (
              <tr
                key={row.url ?? row.name}
                className="border-t border-slate-200 align-top dark:border-slate-800"
                data-testid="nats-node"
                data-name={row.name}
                data-up={row.up}
                data-roles={row.roles.map(roleKey).join(',')}
              >
                <NodeCells
                  name={row.name}
                  where={row.url}
                  error={row.error}
                  up={row.up}
                  nameClass="break-all"
                />
                <td className="py-2 pr-3">
                  <span className="flex flex-wrap gap-1">
                    {row.roles.length === 0 ? (
                      <span className={`text-xs ${muted}`}>—</span>
                    ) : (
                      row.roles.map((r) => <RoleChip key={roleKey(r)} role={r} />)
                    )}
                  </span>
                </td>
                <td className="py-2 pr-3 tabular-nums">{row.version ?? '—'}</td>
                <td className="py-2 pr-3 text-right tabular-nums">
                  {row.connections === null ? '—' : n(row.connections)}
                </td>
                <td className="py-2 text-right tabular-nums">
                  {row.memBytes === null ? '—' : mib(row.memBytes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
