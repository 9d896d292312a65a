import type { GateConfig } from '@/lib/config';
import type { JetStreamBacklog, KafkaLag } from '@/lib/migration/lag';
import type { MigrationState, PhaseChange } from '@/lib/migration/types';

/** A consumer group as the board lists it (config `consumerGroups`, resolved). */
export interface RecordedGroup {
  name: string;
  language: string;
  kafkaGroupId: string;
  stream: string;
  durable: string;
}

/** The first line of a recording (docs/recording.md). */
export interface RecordingHeader {
  cutover: 'recording';
  v: 1 | 2;
  /** When the recording started (ISO 8601); every line's `t` counts from here. */
  recordedAt: string;
  durationMs?: number;
  note?: string;
  /** v2: the scenario that drove the run, e.g. `migration`. */
  scenario?: string;
  /** v2: which stack it ran against. */
  stack?: 'single' | 'cluster';
  /** v2: the probe's rate (messages per second per backend), when known. */
  ratePerSecond?: number;
  /** v2: the board's groups, in config order. */
  groups?: RecordedGroup[];
  /** v2: the migration as it stood when the recording started. */
  migration?: {
    standbyHours: number;
    state: MigrationState;
    /** Newest first, as the store lists it. */
    history: PhaseChange[];
  };
  /** v2: the gate's thresholds the run was judged by (config `gate`); a replay judges by them. */
  gate?: GateConfig;
}

/** A NATS message as it arrived: latency windows and parity progress (the v1 line). */
export interface RecordedMessage {
  /** ms since the recording started */
  t: number;
  /** NATS subject it arrived on */
  s: string;
  /** the message body, UTF-8 */
  d: string;
}

/** What the player needs to know of a message without decoding it again. */
export type MessageKind = 'e2e' | 'probe' | 'parity' | 'other';

/** One group's backlog at one poll. The phase comes from the phase lines. */
export interface GroupLagRecord {
  name: string;
  kafka: KafkaLag;
  jetstream: JetStreamBacklog;
  probeConsumers?: { kafka: number; jetstream: number };
}

/** A cluster node or leader event, as the cluster drill reports it (cluster contract). */
export interface ClusterEvent {
  atMs: number;
  backend: 'nats' | 'kafka';
  kind: string;
  detail: string;
  /** How it was seen (lib/cluster): a server advisory, or two polls compared. */
  source?: 'advisory' | 'poll';
}

/** Every line after the header, keyed by `type`; `t` is ms since recordedAt. */
export type RecordLine =
  | ({ type: 'msg' } & RecordedMessage)
  | { t: number; type: 'groups'; rows: GroupLagRecord[] }
  | { t: number; type: 'phase'; change: PhaseChange }
  | {
      t: number;
      type: 'gate';
      go: boolean;
      /** Check ids as the gate had them then (lib/migration/gate.ts). */
      checks: { id: string; state: 'pass' | 'fail' | 'unknown'; evidence: string }[];
    }
  | { t: number; type: 'cluster'; event: ClusterEvent }
  /**
   * What the clusters looked like: opaque JSON within the line cap, of one backend or (no
   * backend) both. A snapshot with a `health` (lib/cluster ClusterHealth) feeds the
   * replayed gate's cluster check.
   */
  | { t: number; type: 'cluster-snapshot'; backend?: 'nats' | 'kafka'; snapshot: unknown }
  /** A fault someone injected or observed: a corrupted message, a node killed. */
  | { t: number; type: 'fault'; kind: string; detail: string; backend?: 'nats' | 'kafka' }
  /** A probe's own figures (rate sustained, send delay), numbers and short strings. */
  | {
      t: number;
      type: 'probe';
      probe: string;
      summary: Record<string, number | string | boolean | null>;
    };

export type RecordLineType = RecordLine['type'];
export type LineOf<T extends RecordLineType> = Extract<RecordLine, { type: T }>;

/** Why lines of a readable recording were left out; none stops the recording playing. */
export interface SkippedLines {
  /** Not JSON, or not a valid line of this version. */
  invalid: number;
  /** Longer than MAX_LINE_BYTES: skipped without being decoded. */
  tooLong: number;
  /** A v2 `type` this reader does not know (a newer recorder): skipped. */
  unknownType: number;
}

/** A recording in memory, v1 or v2, every list in time order. */
export interface Recording {
  header: RecordingHeader;
  /** Date.parse(recordedAt). */
  startMs: number;
  /** header.durationMs, or the last line's `t` when the header does not say. */
  durationMs: number;
  messages: RecordedMessage[];
  /** messages[i]'s kind, parallel to messages. */
  kinds: MessageKind[];
  groups: LineOf<'groups'>[];
  phases: LineOf<'phase'>[];
  gates: LineOf<'gate'>[];
  cluster: LineOf<'cluster'>[];
  clusterSnapshots: LineOf<'cluster-snapshot'>[];
  faults: LineOf<'fault'>[];
  probes: LineOf<'probe'>[];
  skipped: SkippedLines;
  /** All skipped lines (v1's field). */
  invalidLines: number;
}

/** A moment worth marking on the timeline. */
export interface ReplayMarker {
  /** ms since the recording started. */
  positionMs: number;
  kind: 'phase' | 'fault' | 'cluster' | 'gate';
  /** A few words for the mark. */
  label: string;
  /** Who, why, what: shown on hover. */
  detail: string;
}

/** What a page needs to draw the replay controls, rendered by the server. */
export interface ReplayInfo {
  version: 1 | 2;
  recordedAt: string;
  startMs: number;
  durationMs: number;
  /** CUTOVER_REPLAY_SPEED: where a tab starts when its URL says nothing. */
  defaultSpeed: number;
  note: string | null;
  /** True when the recording carries the consumer-group board (v2 with groups). */
  board: boolean;
  markers: ReplayMarker[];
}
