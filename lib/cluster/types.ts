/** One peer of a JetStream raft group as its leader sees it (nats-server PeerInfo). */
export interface NatsPeer {
  name: string;
  /** Seen recently and fully caught up. */
  current: boolean;
  /** Not seen recently. */
  offline: boolean;
  /** Since the leader last heard from it (ms). */
  activeMs: number;
  /** Raft operations behind the leader. */
  lag: number;
}

/** What one NATS node's monitoring endpoint said, or why it said nothing. */
export type NatsNode =
  | {
      type: 'up';
      url: string;
      serverName: string;
      serverId: string;
      version: string;
      /** The cluster's name; null for a server without cluster routes. */
      cluster: string | null;
      routes: number;
      connections: number;
      memBytes: number;
      jetstream: boolean;
    }
  | {
      type: 'down';
      url: string;
      /** The name it answered with on an earlier poll, if it ever answered. */
      serverName: string | null;
      error: string;
    };

/** The JetStream meta group (the cluster's own raft group). */
export interface NatsMeta {
  cluster: string | null;
  leader: string | null;
  size: number;
  /** Peers other than the leader, from the leader's own answer (null when it was not polled). */
  peers: NatsPeer[] | null;
}

/** One watched stream across the nodes that host it. */
export type NatsStream =
  | { type: 'missing'; name: string }
  | {
      type: 'found';
      name: string;
      account: string;
      /** Configured replicas (num_replicas). */
      replicas: number;
      messages: number;
      /** Null while the group has no leader. */
      leader: string | null;
      leaderSinceMs: number | null;
      /**
       * The other replicas as the leader reports them; null when the leader's endpoint
       * did not answer (followers do not know their peers' progress).
       */
      peers: NatsPeer[] | null;
      /** Names of the polled nodes that host a replica. */
      hosts: string[];
    };

export interface NatsView {
  nodes: NatsNode[];
  /** Null for a single server without a cluster (no meta group). */
  meta: NatsMeta | null;
  streams: NatsStream[];
}

/** One partition of a watched Kafka topic. */
export interface KafkaPartition {
  partition: number;
  /** Broker id, −1 without a leader. */
  leader: number;
  replicas: number[];
  isr: number[];
}

export type KafkaTopic =
  | { type: 'missing'; name: string }
  | { type: 'error'; name: string; message: string }
  | {
      type: 'found';
      name: string;
      /** min.insync.replicas of the topic, or the configured fallback when it could not be read. */
      minIsr: number;
      minIsrSource: 'topic' | 'fallback';
      partitions: KafkaPartition[];
    };

/** A Kafka node as the cluster metadata (and, when down, a connection attempt) tells it. */
export interface KafkaBroker {
  id: number | null;
  /** host:port; null for an id seen only in replica lists. */
  address: string | null;
  up: boolean;
  /** Why it counts as down. */
  error: string | null;
}

/** The KRaft quorum: the active controller and how far each voter is behind it. */
export type KafkaQuorum =
  | {
      type: 'ok';
      leaderId: number;
      leaderEpoch: number;
      voters: { id: number; lagOffsets: number; lastCaughtUpMs: number | null }[];
    }
  | { type: 'error'; message: string };

export type KafkaView =
  | {
      type: 'up';
      clusterId: string;
      brokers: KafkaBroker[];
      quorum: KafkaQuorum;
      topics: KafkaTopic[];
    }
  | { type: 'down'; error: string; brokers: KafkaBroker[] };

/** Both clusters at one poll (receiver clock). */
export interface ClusterSnapshot {
  atMs: number;
  /** Replicas every watched stream and partition should have (config `replicas`). */
  expectedReplicas: number;
  nats: NatsView;
  kafka: KafkaView;
}

/** A node's part in the NATS cluster, per watched stream. */
export type NatsRole =
  | { type: 'meta-leader' }
  | { type: 'standalone' }
  | { type: 'stream-leader'; stream: string }
  | {
      type: 'replica';
      stream: string;
      current: boolean;
      /** Current, or recently heard from and only a few operations behind (see inSync). */
      inSync: boolean;
      offline: boolean;
      lag: number;
      activeMs: number;
    }
  /** Hosts a replica, but the leader's view of it is not available. */
  | { type: 'replica-unknown'; stream: string };

export interface NatsNodeRow {
  name: string;
  url: string | null;
  up: boolean;
  error: string | null;
  version: string | null;
  connections: number | null;
  memBytes: number | null;
  roles: NatsRole[];
}

export interface KafkaNodeRow {
  id: number | null;
  address: string | null;
  up: boolean;
  error: string | null;
  controller: boolean;
  /** Offsets behind the active controller in the metadata log (null: not a voter / unknown). */
  quorumLag: number | null;
  /** Partitions of the watched topics it leads / holds a replica of / holds one outside the ISR. */
  partitionsLed: number;
  replicas: number;
  outOfIsr: number;
}

/** One watched topic's replication at a glance. */
export interface KafkaTopicRow {
  name: string;
  found: boolean;
  partitions: number;
  minIsr: number | null;
  minIsrSource: 'topic' | 'fallback' | null;
  underReplicated: number[];
  belowMinIsr: number[];
  offline: number[];
}

/**
 * The verdict on both clusters: `degraded` when something is wrong, `unknown` when
 * evidence is missing (which is never a pass), `healthy` otherwise.
 */
export interface ClusterHealth {
  atMs: number;
  verdict: 'healthy' | 'degraded' | 'unknown';
  /** What is wrong (makes it degraded). */
  problems: string[];
  /** What could not be seen (makes it unknown when nothing is wrong). */
  unknowns: string[];
  /** One line per backend of what was seen, for the gate's evidence. */
  evidence: { nats: string; kafka: string };
  nats: { rows: NatsNodeRow[]; note: string | null };
  kafka: { rows: KafkaNodeRow[]; topics: KafkaTopicRow[]; note: string | null };
}

/** A leader election, seen by an advisory or by comparing two polls. */
export interface ClusterEvent {
  /** Receiver clock (ms). */
  atMs: number;
  backend: 'nats' | 'kafka';
  kind: 'meta-leader' | 'stream-leader' | 'controller' | 'partition-leader';
  /** "IOT_SENSORS leader → cutover-n2". */
  detail: string;
  source: 'advisory' | 'poll';
}

/** What /api/cluster serves. */
export type ClusterResponse =
  | {
      type: 'live';
      snapshot: ClusterSnapshot;
      health: ClusterHealth;
      events: ClusterEvent[];
      /** Set in a replay: what the recording held this far into it (ms). */
      replay?: { positionMs: number };
    }
  | { type: 'unavailable'; reason: string };

/** What the gate is given: the health of a poll and how old it was when served. */
export type ClusterEvidence =
  { type: 'live'; health: ClusterHealth; ageMs: number } | { type: 'unavailable'; reason: string };
