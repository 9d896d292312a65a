import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { connect } from '@nats-io/transport-node';
import { ClusterMonitor, clusterMonitorOptions } from '@/lib/cluster/server';
import type { MigrationConfig, ServerConfig } from '@/lib/config';
import { LatencyReceiver } from '@/lib/latency';
import {
  evaluateGate,
  slaPeriodMs,
  type GateVerdict,
  type MigrationSnapshot,
  type MigrationState,
  type PhaseChange,
} from '@/lib/migration';
import { SampleHub } from '@/lib/kafka';
import { MigrationMonitor } from '@/lib/migration/server';
import { ParityRuns, type ParityMessage } from '@/lib/parity';
import { RecordingLineRefused, RecordingWriter } from '@/lib/replay/server';
import { samplesSubject, SUBJECT_ROOT } from '@/lib/samples';

/** The board is polled as the dashboard polls it. */
const BOARD_EVERY_MS = 2_000;
/** A gate verdict is written when it changes, and at least this often (ms). */
const GATE_EVERY_MS = 30_000;

export interface RecorderOptions {
  out: string;
  /** Length written in the header (ms); the caller stops the recorder. */
  durationMs: number;
  note?: string;
  scenario?: string;
  ratePerSecond?: number;
  /** No board, phases, gate or cluster: the NATS messages only. */
  noBoard?: boolean;
  config: ServerConfig;
  migration: MigrationConfig;
}

export type RecorderCounts = Record<
  'msg' | 'groups' | 'phase' | 'gate' | 'cluster' | 'probe' | 'refused',
  number
>;

/**
 * A recording in progress (docs/recording.md): every `cutover.v1.>` message, and unless
 * noBoard, every 2 s the consumer-group board and both clusters' health, each phase change
 * once with its record, each leader election, and the go / no-go gate whenever its verdict
 * changes. A scripted run adds its own lines through `writer`.
 */
export class Recorder {
  readonly counts: RecorderCounts = {
    msg: 0,
    groups: 0,
    phase: 0,
    gate: 0,
    cluster: 0,
    probe: 0,
    refused: 0,
  };
  private readonly live: LatencyReceiver;
  private readonly parity = new ParityRuns();
  private lastSeenMs: number | null = null;
  private lastGate: { key: string; atMs: number; verdict: GateVerdict } | null = null;
  private clusterAtMs = 0;
  private readonly elections = new Set<string>();
  private readonly seen: Set<string>;
  private board: ReturnType<typeof setInterval> | undefined;
  /** Probes whose windows arrive over NATS: their Kafka copies are not recorded again. */
  private readonly natsProbes = new Set<string>();
  private kafka: { hub: SampleHub; unsubscribe: () => void } | null = null;

  private constructor(
    readonly writer: RecordingWriter,
    readonly startMs: number,
    private readonly options: RecorderOptions,
    private readonly nc: Awaited<ReturnType<typeof connect>>,
    private readonly monitor: MigrationMonitor | null,
    private readonly cluster: ClusterMonitor | null,
    first: MigrationSnapshot | null,
  ) {
    this.live = new LatencyReceiver({ skewToleranceMs: options.config.skewToleranceMs });
    this.seen = new Set((first?.type === 'live' ? first.history : []).map(changeKey));
  }

  /** Connects, writes the header with the board as it stands, and starts recording. */
  static async start(options: RecorderOptions): Promise<Recorder> {
    const { config, migration } = options;
    const monitor = options.noBoard
      ? null
      : new MigrationMonitor(config, migration, { intervalMs: BOARD_EVERY_MS });
    // The gate's cluster check reads both clusters as the dashboard's server does.
    const cluster = monitor
      ? new ClusterMonitor({
          ...clusterMonitorOptions(config, migration),
          intervalMs: BOARD_EVERY_MS,
        })
      : null;
    await cluster?.start();
    // The board as it stands before anything is recorded: the header's starting state.
    const first = monitor ? await monitor.poll() : null;
    const startMs = Date.now();
    const writer = new RecordingWriter(options.out, {
      recordedAt: new Date(startMs).toISOString(),
      durationMs: options.durationMs,
      ...(options.note && { note: options.note }),
      ...(options.scenario && { scenario: options.scenario }),
      stack: config.replicas > 1 ? 'cluster' : 'single',
      ...(options.ratePerSecond !== undefined && { ratePerSecond: options.ratePerSecond }),
      ...(first && {
        groups: migration.consumerGroups.map(
          ({ name, language, kafkaGroupId, stream, durable }) => ({
            name,
            language,
            kafkaGroupId,
            stream,
            durable,
          }),
        ),
        migration: {
          standbyHours: migration.migration.standbyHours,
          state: stateOf(first),
          history: first.type === 'live' ? first.history : [],
        },
        gate: migration.gate,
      }),
    });
    const nc = await connect({
      servers: config.natsServers,
      user: config.natsUser,
      pass: config.natsPass,
      name: 'cutover-recorder',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const r = new Recorder(writer, startMs, options, nc, monitor, cluster, first);
    nc.subscribe(`${SUBJECT_ROOT}.>`, { callback: (_e, m) => r.onMessage(m.subject, m.data) });
    const hub = new SampleHub({
      source: 'kafka',
      brokers: config.kafkaBrokers,
      topic: config.samplesTopic,
    });
    r.kafka = {
      hub,
      unsubscribe: hub.subscribe((e) => {
        if (e.type === 'sample') r.onKafkaSample(e.text);
      }),
    };
    r.board = setInterval(() => {
      r.poll().catch((err: unknown) =>
        console.error(`\nrecord: board poll: ${(err as Error).message}`),
      );
    }, BOARD_EVERY_MS);
    return r;
  }

  /** Writes a line, counting it, or counting it refused (docs/recording.md's bounds). */
  write(kind: keyof RecorderCounts, line: () => void): void {
    try {
      line();
      this.counts[kind] += 1;
    } catch (err) {
      if (!(err instanceof RecordingLineRefused)) throw err;
      this.counts.refused += 1;
    }
  }

  /** The newest parity report of each run seen so far, newest first. */
  parityRuns(): ParityMessage[] {
    return this.parity.latest();
  }

  /** The gate as the recorder last judged it; null before the first board poll. */
  gate(): GateVerdict | null {
    return this.lastGate?.verdict ?? null;
  }

  /** Stops recording (a last board poll first) and closes the file; returns its size in bytes. */
  async stop(): Promise<number> {
    clearInterval(this.board);
    // A last poll: a change made in the final seconds is in the recording too.
    await this.poll().catch((err: unknown) =>
      console.error(`\nrecord: board poll: ${(err as Error).message}`),
    );
    await this.nc.drain();
    this.kafka?.unsubscribe();
    await this.kafka?.hub.close();
    await Promise.all([this.monitor?.stop(), this.cluster?.stop()]);
    await this.writer.close();
    const ranMs = Date.now() - this.startMs;
    if (ranMs > this.options.durationMs) extendDuration(this.options.out, ranMs);
    return statSync(this.options.out).size;
  }

  private onMessage(subject: string, data: Uint8Array): void {
    const nowMs = Date.now();
    const body = new TextDecoder().decode(data);
    this.write('msg', () => this.writer.message(subject, body, nowMs));
    this.lastSeenMs = nowMs;
    // The recorder keeps its own view of the windows, as a tab would, to judge the gate.
    if (subject.startsWith(`${SUBJECT_ROOT}.samples.`)) {
      this.natsProbes.add(subject.slice(subject.lastIndexOf('.') + 1));
      this.live.receive(data, 'nats', nowMs, { type: 'nats', subject });
    } else if (subject.startsWith(`${SUBJECT_ROOT}.parity.`)) this.parity.receive(data);
  }

  /**
   * A window from the Kafka samples topic. A probe without a NATS lane (`--backends kafka`)
   * reports there only, as the dashboard reads it: its windows are recorded under the
   * subject they would have on NATS. Those of a probe reporting over NATS are already in.
   */
  private onKafkaSample(text: string): void {
    let meta: { backend?: unknown; probe?: unknown };
    try {
      meta = JSON.parse(text) as typeof meta;
    } catch {
      return;
    }
    const { backend, probe } = meta;
    if (typeof backend !== 'string' || typeof probe !== 'string') return;
    if (this.natsProbes.has(probe)) return;
    const subject = samplesSubject(backend, probe);
    this.write('msg', () => this.writer.message(subject, text));
  }

  /** Each new cluster poll as /api/cluster serves it, and elections seen since the start. */
  private recordCluster(): void {
    const r = this.cluster?.response();
    if (r?.type !== 'live' || r.snapshot.atMs === this.clusterAtMs) return;
    const atMs = r.snapshot.atMs;
    this.clusterAtMs = atMs;
    this.write('cluster', () =>
      this.writer.clusterSnapshot(null, { snapshot: r.snapshot, health: r.health }, atMs),
    );
    for (const e of [...r.events].reverse()) {
      const key = `${e.atMs}|${e.backend}|${e.kind}|${e.detail}`;
      if (this.elections.has(key) || e.atMs < this.startMs) continue;
      this.elections.add(key);
      this.write('cluster', () => this.writer.cluster(e));
    }
  }

  private async poll(): Promise<void> {
    if (!this.monitor) return;
    this.recordCluster();
    const snap = await this.monitor.poll();
    const nowMs = Date.now();
    if (snap.type !== 'live') return;
    this.write('groups', () => this.writer.groups(snap.groups, nowMs));
    for (const change of [...snap.history].reverse()) {
      if (this.seen.has(changeKey(change))) continue;
      this.seen.add(changeKey(change));
      this.write('phase', () => this.writer.phase(change, Math.max(this.startMs, change.sinceMs)));
    }
    const verdict = this.gateNow(snap, nowMs);
    const key = JSON.stringify([verdict.go, verdict.checks.map((c) => c.state)]);
    if (this.lastGate?.key !== key || nowMs - this.lastGate.atMs >= GATE_EVERY_MS) {
      this.write('gate', () => this.writer.gate(verdict, nowMs));
      this.lastGate = { key, atMs: nowMs, verdict };
    } else {
      this.lastGate = { ...this.lastGate, verdict };
    }
  }

  private gateNow(snap: MigrationSnapshot & { type: 'live' }, nowMs: number): GateVerdict {
    const { config, migration } = this.options;
    const { gate } = migration;
    return evaluateGate(
      {
        nowMs,
        slaMs: config.slaMs,
        target: this.live.all.summary(gate.targetBackend, slaPeriodMs(gate), config.slaMs * 1000),
        targetSource: 'server',
        parity: this.parity.latest(),
        groups: { type: 'live', rows: snap.groups },
        transports: { nats: { status: { type: 'connected' }, lastSeenMs: this.lastSeenMs } },
        backendsAcceptedAtMs: {
          [gate.targetBackend]: this.live.all.acceptedAt(gate.targetBackend),
        },
        cluster: this.cluster?.evidence(nowMs) ?? { type: 'unavailable', reason: 'not polled' },
      },
      gate,
    );
  }
}

/** The phases the board showed, as the store holds them. */
function stateOf(snap: MigrationSnapshot): MigrationState {
  if (snap.type !== 'live') return { migration: null, groups: {} };
  return {
    migration: snap.record,
    groups: Object.fromEntries(snap.groups.map((g) => [g.name, g.record])),
  };
}

function changeKey(c: PhaseChange): string {
  return `${c.scope}|${c.scope === 'group' ? c.group : ''}|${c.phase}|${c.sinceMs}`;
}

/**
 * A run that took longer than planned (its steps waited on slow brokers) gets the length
 * it had: the header is rewritten so every line stays within the recording.
 */
function extendDuration(file: string, durationMs: number): void {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const end = text.indexOf('\n');
  const header = { ...(JSON.parse(text.slice(0, end)) as object), durationMs };
  writeFileSync(file, gzipSync(`${JSON.stringify(header)}${text.slice(end)}`));
}
