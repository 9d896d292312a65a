import { createWriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import type { GateVerdict } from '@/lib/migration/gate';
import type { GroupRow } from '@/lib/migration/monitor';
import type { PhaseChange } from '@/lib/migration/types';
import { headerV2Schema, lineSchemas, MAX_DURATION_MS, MAX_LINE_BYTES } from './schema';
import type { ClusterEvent, GroupLagRecord, RecordingHeader, RecordLine } from './types';

/** Why the writer refused a line: it would not read back (docs/recording.md). */
export class RecordingLineRefused extends Error {
  override name = 'RecordingLineRefused';
  constructor(
    readonly reason: 'invalid' | 'too_long' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Writes a version 2 recording (gzip NDJSON). Every line is checked against the reader's
 * schema and line cap before it is written, so what the writer accepts always plays;
 * times are epoch ms, turned into offsets from the header's recordedAt.
 */
export class RecordingWriter {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private readonly startMs: number;
  private closed = false;
  lines = 0;
  refused = 0;

  constructor(file: string, header: Omit<RecordingHeader, 'cutover' | 'v'>) {
    const full = { cutover: 'recording', v: 2, ...header };
    headerV2Schema.parse(full);
    this.startMs = Date.parse(header.recordedAt);
    this.gzip = createGzip();
    this.done = new Promise<void>((resolve, reject) =>
      this.gzip.pipe(createWriteStream(file)).on('finish', resolve).on('error', reject),
    );
    this.gzip.write(`${JSON.stringify(full)}\n`);
  }

  /** A NATS message as it arrived (samples, parity). */
  message(subject: string, body: string, atMs = Date.now()): void {
    this.write({ type: 'msg', t: this.offset(atMs), s: subject, d: body });
  }

  /** One poll of the consumer-group board: each group's lag and backlog. */
  groups(rows: readonly GroupRow[], atMs = Date.now()): void {
    this.write({
      type: 'groups',
      t: this.offset(atMs),
      rows: rows.map((r): GroupLagRecord => ({
        name: r.name,
        kafka: r.kafka,
        jetstream: r.jetstream,
        ...(r.probeConsumers && { probeConsumers: r.probeConsumers }),
      })),
    });
  }

  /** A phase change with its history record (who, when, why). */
  phase(change: PhaseChange, atMs = Date.now()): void {
    this.write({ type: 'phase', t: this.offset(atMs), change });
  }

  /** A gate evaluation. */
  gate(verdict: GateVerdict, atMs = Date.now()): void {
    this.write({
      type: 'gate',
      t: this.offset(atMs),
      go: verdict.go,
      checks: verdict.checks.map((c) => ({ id: c.id, state: c.state, evidence: c.evidence })),
    });
  }

  /** A cluster node or leader event (placed at its own atMs). */
  cluster(event: ClusterEvent): void {
    this.write({ type: 'cluster', t: this.offset(event.atMs), event });
  }

  /** What the clusters looked like (of one backend, or null: both): any JSON, within the line cap. */
  clusterSnapshot(backend: 'nats' | 'kafka' | null, snapshot: unknown, atMs = Date.now()): void {
    this.write({
      type: 'cluster-snapshot',
      t: this.offset(atMs),
      ...(backend && { backend }),
      snapshot,
    });
  }

  /** A fault injected or observed. */
  fault(kind: string, detail: string, backend?: 'nats' | 'kafka', atMs = Date.now()): void {
    this.write({ type: 'fault', t: this.offset(atMs), kind, detail, ...(backend && { backend }) });
  }

  /** A probe's own figures. */
  probe(
    probe: string,
    summary: Record<string, number | string | boolean | null>,
    atMs = Date.now(),
  ): void {
    this.write({ type: 'probe', t: this.offset(atMs), probe, summary });
  }

  /** Ends the file; resolves once it is on disk. */
  async close(): Promise<{ lines: number; refused: number }> {
    if (!this.closed) {
      this.closed = true;
      this.gzip.end();
    }
    await this.done;
    return { lines: this.lines, refused: this.refused };
  }

  private offset(atMs: number): number {
    return Math.min(MAX_DURATION_MS, Math.max(0, Math.round(atMs - this.startMs)));
  }

  private write(line: RecordLine): void {
    if (this.closed) throw new RecordingLineRefused('closed', 'the recording is closed');
    const checked = lineSchemas[line.type].safeParse(line);
    if (!checked.success) {
      this.refused += 1;
      throw new RecordingLineRefused('invalid', `${line.type} line: ${checked.error.message}`);
    }
    const text = JSON.stringify(line);
    if (Buffer.byteLength(text) > MAX_LINE_BYTES) {
      this.refused += 1;
      throw new RecordingLineRefused(
        'too_long',
        `${line.type} line of ${Buffer.byteLength(text)} bytes > ${MAX_LINE_BYTES}`,
      );
    }
    this.gzip.write(`${text}\n`);
    this.lines += 1;
  }
}
