import type { ClusterEvent, ClusterSnapshot } from './types';

/**
 * Leader elections of both clusters in a bounded ring, newest last. NATS stream leaders
 * come from JetStream advisories as they happen and, should one be missed (the monitor's
 * own connection was on the node that died), from the next poll; the meta leader, the
 * Kafka controller and partition leaders from comparing successive polls. One election
 * is one event whichever source reports it first. The first sight of a leader is the
 * baseline, not an election. Time is always the receiver's clock, passed in.
 */
export class ElectionLog {
  private readonly ring: ClusterEvent[] = [];
  private readonly streamLeaders = new Map<string, string>();
  /** When each stream's newest advisory arrived: a poll begun before it is older news. */
  private readonly advisedAtMs = new Map<string, number>();
  private readonly partitionLeaders = new Map<string, number>();
  private metaLeader: string | null = null;
  private controller: number | null = null;

  constructor(private readonly capacity = 200) {}

  /** A `$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.<stream>` advisory received at atMs. */
  advisory(stream: string, leader: string, atMs: number): void {
    if (!leader) return;
    this.advisedAtMs.set(stream, atMs);
    if (this.streamLeaders.get(stream) === leader) return;
    this.streamLeaders.set(stream, leader);
    this.push({
      atMs,
      backend: 'nats',
      kind: 'stream-leader',
      detail: `${stream} leader → ${leader}`,
      source: 'advisory',
    });
  }

  /**
   * Compares a poll with the leaders known so far, recording what changed; startedMs is
   * when the poll began asking (snapshot.atMs when it answered).
   */
  observe(snapshot: ClusterSnapshot, startedMs = snapshot.atMs): void {
    const atMs = snapshot.atMs;
    for (const s of snapshot.nats.streams) {
      if (s.type !== 'found' || s.leader === null) continue;
      if ((this.advisedAtMs.get(s.name) ?? -Infinity) >= startedMs) continue;
      const was = this.streamLeaders.get(s.name);
      this.streamLeaders.set(s.name, s.leader);
      if (was !== undefined && was !== s.leader) {
        this.push({
          atMs,
          backend: 'nats',
          kind: 'stream-leader',
          detail: `${s.name} leader → ${s.leader}`,
          source: 'poll',
        });
      }
    }
    const meta = snapshot.nats.meta?.leader ?? null;
    if (meta !== null) {
      if (this.metaLeader !== null && this.metaLeader !== meta) {
        this.push({
          atMs,
          backend: 'nats',
          kind: 'meta-leader',
          detail: `meta leader → ${meta}`,
          source: 'poll',
        });
      }
      this.metaLeader = meta;
    }
    const kafka = snapshot.kafka;
    if (kafka.type !== 'up') return;
    if (kafka.quorum.type === 'ok' && kafka.quorum.leaderId >= 0) {
      const id = kafka.quorum.leaderId;
      if (this.controller !== null && this.controller !== id) {
        this.push({
          atMs,
          backend: 'kafka',
          kind: 'controller',
          detail: `controller → node ${id}`,
          source: 'poll',
        });
      }
      this.controller = id;
    }
    for (const t of kafka.topics) {
      if (t.type !== 'found') continue;
      const moved = new Map<number, number[]>();
      for (const p of t.partitions) {
        const key = `${t.name}\u0000${p.partition}`;
        const was = this.partitionLeaders.get(key);
        this.partitionLeaders.set(key, p.leader);
        if (was === undefined || was === p.leader) continue;
        moved.set(p.leader, [...(moved.get(p.leader) ?? []), p.partition]);
      }
      if (moved.size === 0) continue;
      const parts = [...moved]
        .sort(([a], [b]) => a - b)
        .map(([leader, ps]) => {
          const list = ps.map((p) => `p${p}`).join(', ');
          return leader < 0 ? `offline ${list}` : `broker ${leader} (${list})`;
        });
      this.push({
        atMs,
        backend: 'kafka',
        kind: 'partition-leader',
        detail: `${t.name} leader → ${parts.join(', ')}`,
        source: 'poll',
      });
    }
  }

  /** Oldest first. */
  events(): ClusterEvent[] {
    return [...this.ring];
  }

  private push(e: ClusterEvent): void {
    this.ring.push(e);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
  }
}

/** The chart label of an election: "NATS: IOT_SENSORS leader → cutover-n2". */
export function electionLabel(e: ClusterEvent): string {
  return `${e.backend === 'nats' ? 'NATS' : 'Kafka'}: ${e.detail}`;
}
