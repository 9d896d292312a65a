import type {
  ClusterHealth,
  ClusterSnapshot,
  KafkaNodeRow,
  KafkaPartition,
  KafkaTopicRow,
  KafkaView,
  NatsNodeRow,
  NatsPeer,
  NatsRole,
  NatsView,
} from './types';

const n = (v: number) => v.toLocaleString('en-US');
/** At most this many partitions are named in one sentence. */
const NAMED = 6;

/** A follower heard from within this long (ms) … */
const SYNC_ACTIVE_MS = 5000;
/** … and at most this many raft operations behind its leader is in sync. */
const SYNC_LAG_OPS = 5000;

/**
 * Whether a JetStream replica keeps up, by the rule Kafka applies to its ISR (a follower
 * that caught up recently is in sync). nats-server's `current` means the follower has
 * applied all the leader has, which under load a healthy follower often has not: at
 * 2,000 msg/s, a third of the polls find one 3 to 130 operations behind, heard from
 * 0 to 200 ms before. A follower catching up after a restart is thousands behind.
 */
export function inSync(p: NatsPeer): boolean {
  return p.current || (!p.offline && p.activeMs <= SYNC_ACTIVE_MS && p.lag <= SYNC_LAG_OPS);
}

/**
 * Judges both clusters from one snapshot: per-node rows for the tables and a verdict.
 * Something wrong (a node down, a replica not in sync, a partition under-replicated or
 * below min.insync.replicas, fewer replicas than configured) makes it `degraded`; missing
 * evidence (a watched stream or every watched topic absent, a leader's progress not
 * readable) makes it `unknown`. Pure: the server and the tests call it alike.
 */
export function clusterHealth(snapshot: ClusterSnapshot): ClusterHealth {
  const problems: string[] = [];
  const unknowns: string[] = [];
  const nats = natsHealth(snapshot.nats, snapshot.expectedReplicas, problems, unknowns);
  const kafka = kafkaHealth(snapshot.kafka, snapshot.expectedReplicas, problems, unknowns);
  return {
    atMs: snapshot.atMs,
    verdict: problems.length > 0 ? 'degraded' : unknowns.length > 0 ? 'unknown' : 'healthy',
    problems,
    unknowns,
    evidence: { nats: nats.evidence, kafka: kafka.evidence },
    nats: { rows: nats.rows, note: nats.note },
    kafka: { rows: kafka.rows, topics: kafka.topics, note: kafka.note },
  };
}

function natsHealth(
  view: NatsView,
  expected: number,
  problems: string[],
  unknowns: string[],
): { rows: NatsNodeRow[]; note: string | null; evidence: string } {
  const nameOf = (node: NatsView['nodes'][number]) =>
    node.type === 'up' ? node.serverName : (node.serverName ?? node.url);
  const single = view.nodes.length === 1 && view.meta === null;
  const rows: NatsNodeRow[] = view.nodes.map((node) => {
    const name = nameOf(node);
    const roles: NatsRole[] = [];
    if (node.type === 'up' && node.cluster === null && view.meta === null) {
      roles.push({ type: 'standalone' });
    }
    if (view.meta?.leader === name) roles.push({ type: 'meta-leader' });
    for (const s of view.streams) {
      if (s.type !== 'found') continue;
      const peer = s.peers?.find((p) => p.name === name);
      if (s.leader === name && node.type === 'up') {
        roles.push({ type: 'stream-leader', stream: s.name });
      } else if (peer) {
        roles.push({
          type: 'replica',
          stream: s.name,
          current: peer.current,
          inSync: inSync(peer),
          offline: peer.offline,
          lag: peer.lag,
          activeMs: peer.activeMs,
        });
      } else if (s.hosts.includes(name)) {
        roles.push({ type: 'replica-unknown', stream: s.name });
      }
    }
    return node.type === 'up'
      ? {
          name,
          url: node.url,
          up: true,
          error: null,
          version: node.version,
          connections: node.connections,
          memBytes: node.memBytes,
          roles,
        }
      : {
          name,
          url: node.url,
          up: false,
          error: node.error,
          version: null,
          connections: null,
          memBytes: null,
          roles,
        };
  });

  for (const node of view.nodes) {
    if (node.type === 'down') problems.push(`NATS ${nameOf(node)} down: ${node.error}`);
    else if (!node.jetstream) problems.push(`NATS ${node.serverName}: JetStream not enabled`);
  }
  const up = view.nodes.filter((x) => x.type === 'up').length;
  if (view.nodes.length > 1 && up > 0 && view.meta === null) {
    problems.push(
      `NATS: ${view.nodes.length} nodes configured, but none reports a JetStream cluster`,
    );
  }
  if (view.meta) {
    if (view.meta.leader === null) problems.push('NATS: no JetStream meta leader');
    for (const p of view.meta.peers ?? []) {
      if (!inSync(p)) problems.push(`NATS meta group: ${p.name} ${behind(p)}`);
    }
  }

  const seen: string[] = [];
  for (const s of view.streams) {
    if (s.type === 'missing') {
      unknowns.push(`NATS: stream ${s.name} not found on any node that answered`);
      continue;
    }
    if (s.leader === null) {
      problems.push(`NATS: stream ${s.name} has no leader`);
      continue;
    }
    if (s.replicas < expected) {
      problems.push(`NATS: stream ${s.name} has ${s.replicas} replica(s), ${expected} expected`);
    }
    const followers = s.replicas - 1;
    if (followers > 0 && s.peers === null) {
      unknowns.push(
        `NATS: ${s.name} leader ${s.leader} did not answer; its replicas' progress is unknown`,
      );
      continue;
    }
    const peers = s.peers ?? [];
    for (const p of peers) {
      if (!inSync(p)) problems.push(`NATS: ${s.name} replica ${p.name} ${behind(p)}`);
    }
    if (peers.length < followers) {
      problems.push(`NATS: ${s.name} leader knows ${peers.length} of ${followers} followers`);
    }
    const synced = peers.filter(inSync).length;
    seen.push(
      followers > 0
        ? `${s.name} R${s.replicas} leader ${s.leader}, ${synced}/${followers} replicas in sync`
        : `${s.name} R${s.replicas} on ${s.leader}`,
    );
  }
  const nodes = `${up}/${view.nodes.length} node${view.nodes.length === 1 ? '' : 's'} up`;
  const meta = view.meta?.leader ? `, meta leader ${view.meta.leader}` : '';
  return {
    rows,
    note: single
      ? 'single node: N=1, no cluster and no replicas; losing this node stops JetStream'
      : null,
    evidence: `${seen.length > 0 ? `${seen.join('; ')}; ` : ''}${nodes}${meta}`,
  };
}

/** "lagging by 12,345 ops", "offline", or "not heard from for 9.1 s". */
function behind(p: NatsPeer): string {
  if (p.offline) return 'offline';
  return p.lag > SYNC_LAG_OPS || p.activeMs <= SYNC_ACTIVE_MS
    ? `lagging by ${n(p.lag)} ops`
    : `not heard from for ${(p.activeMs / 1000).toFixed(1)} s`;
}

function kafkaHealth(
  view: KafkaView,
  expected: number,
  problems: string[],
  unknowns: string[],
): { rows: KafkaNodeRow[]; topics: KafkaTopicRow[]; note: string | null; evidence: string } {
  const partitions =
    view.type === 'up' ? view.topics.flatMap((t) => (t.type === 'found' ? t.partitions : [])) : [];
  const quorum = view.type === 'up' ? view.quorum : null;
  const rows: KafkaNodeRow[] = view.brokers.map((b) => {
    const mine = (p: KafkaPartition) => b.id !== null && p.replicas.includes(b.id);
    const voter = quorum?.type === 'ok' ? quorum.voters.find((v) => v.id === b.id) : undefined;
    return {
      id: b.id,
      address: b.address,
      up: b.up,
      error: b.error,
      controller: quorum?.type === 'ok' && b.id !== null && quorum.leaderId === b.id,
      quorumLag: voter ? voter.lagOffsets : null,
      partitionsLed: b.id === null ? 0 : partitions.filter((p) => p.leader === b.id).length,
      replicas: partitions.filter(mine).length,
      outOfIsr: partitions.filter((p) => mine(p) && !p.isr.includes(b.id!)).length,
    };
  });
  for (const b of view.brokers) {
    if (!b.up) {
      const name = b.id !== null ? `broker ${b.id}` : 'broker';
      problems.push(`Kafka ${name}${b.address ? ` (${b.address})` : ''} down: ${b.error ?? ''}`);
    }
  }
  if (view.type === 'down') {
    unknowns.push(`Kafka: admin API unreachable (${view.error})`);
    return { rows, topics: [], note: null, evidence: `admin API unreachable: ${view.error}` };
  }

  const topics: KafkaTopicRow[] = [];
  const missing: string[] = [];
  for (const t of view.topics) {
    if (t.type === 'missing') {
      missing.push(t.name);
      topics.push(topicRow(t.name, false));
      continue;
    }
    if (t.type === 'error') {
      unknowns.push(`Kafka: ${t.name} metadata unreadable (${t.message})`);
      topics.push(topicRow(t.name, false));
      continue;
    }
    const row: KafkaTopicRow = {
      ...topicRow(t.name, true),
      partitions: t.partitions.length,
      minIsr: t.minIsr,
      minIsrSource: t.minIsrSource,
    };
    const lowRf: number[] = [];
    for (const p of t.partitions) {
      if (p.leader < 0) row.offline.push(p.partition);
      if (p.isr.length < p.replicas.length) row.underReplicated.push(p.partition);
      if (p.isr.length < t.minIsr) row.belowMinIsr.push(p.partition);
      if (p.replicas.length < expected) lowRf.push(p.partition);
    }
    if (row.offline.length)
      problems.push(`Kafka: ${t.name} ${parts(row.offline)} offline (no leader)`);
    if (row.underReplicated.length) {
      problems.push(
        `Kafka: ${t.name} ${parts(row.underReplicated)} under-replicated (ISR < replicas)`,
      );
    }
    if (row.belowMinIsr.length) {
      problems.push(
        `Kafka: ${t.name} ${parts(row.belowMinIsr)} ISR below min.insync.replicas ${t.minIsr} (acks=all writes fail)`,
      );
    }
    if (lowRf.length) {
      problems.push(`Kafka: ${t.name} ${parts(lowRf)} with fewer than ${expected} replicas`);
    }
    topics.push(row);
  }
  const found = view.topics.filter((t) => t.type === 'found');
  if (found.length === 0 && view.topics.length > 0) {
    unknowns.push(
      `Kafka: none of the watched topics exists (${view.topics.map((t) => t.name).join(', ')})`,
    );
  }
  const up = view.brokers.filter((b) => b.up).length;
  const minIsrs = [...new Set(found.map((t) => t.minIsr))].sort((a, b) => a - b);
  const controller =
    view.quorum.type === 'ok' ? `, controller ${view.quorum.leaderId}` : ', controller unknown';
  const evidence =
    `${up}/${view.brokers.length} broker${view.brokers.length === 1 ? '' : 's'} up${controller}; ` +
    `${partitions.length} partition${partitions.length === 1 ? '' : 's'} of ${found.length} topic${found.length === 1 ? '' : 's'}, ` +
    `${partitions.filter((p) => p.isr.length >= p.replicas.length).length} fully in sync` +
    (minIsrs.length ? `, min.insync.replicas ${minIsrs.join('/')}` : '') +
    (missing.length ? `; not created yet: ${missing.join(', ')}` : '');
  const single = view.brokers.length === 1;
  const note =
    view.quorum.type === 'error'
      ? `active controller unknown: ${view.quorum.message}`
      : single
        ? 'single node: N=1, one broker and controller; partitions have no follower to fail over to'
        : null;
  return { rows, topics, note, evidence };
}

function topicRow(name: string, found: boolean): KafkaTopicRow {
  return {
    name,
    found,
    partitions: 0,
    minIsr: null,
    minIsrSource: null,
    underReplicated: [],
    belowMinIsr: [],
    offline: [],
  };
}

/** "p0, p3" or "p0, p1, … (9 partitions)". */
function parts(ps: readonly number[]): string {
  const named = ps
    .slice(0, NAMED)
    .map((p) => `p${p}`)
    .join(', ');
  return ps.length > NAMED ? `${named}, … (${ps.length} partitions)` : named;
}
