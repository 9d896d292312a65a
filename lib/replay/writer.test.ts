import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GroupRow } from '@/lib/migration';
import { readRecording, RecordingLineRefused, RecordingWriter } from './server';

const recordedAt = '2026-11-26T14:00:00.000Z';
const start = Date.parse(recordedAt);
const out = () => path.join(mkdtempSync(path.join(tmpdir(), 'cutover-rec-')), 'r.ndjson.gz');

const row = (name: string, lag: number): GroupRow => ({
  name,
  language: 'go',
  kafkaGroupId: name,
  stream: 'IOT',
  durable: name,
  phase: 'shadow',
  record: null,
  kafka: { type: 'ok', lag, partitions: 3 },
  jetstream: { type: 'ok', pending: 2, ackPending: 1, redelivered: 0 },
  probeConsumers: { kafka: 1, jetstream: 1 },
  lagTrend: [],
  pendingTrend: [],
});

describe('replay - writing version 2 recordings', () => {
  it('writes every kind of line, and reads back what it wrote', async () => {
    const file = out();
    const w = new RecordingWriter(file, {
      recordedAt,
      durationMs: 10_000,
      scenario: 'migration',
      stack: 'cluster',
      ratePerSecond: 2000,
      groups: [
        {
          name: 'alerting',
          language: 'rust',
          kafkaGroupId: 'alerting',
          stream: 'IOT',
          durable: 'alerting',
        },
      ],
      migration: {
        standbyHours: 72,
        state: { migration: null, groups: { alerting: null } },
        history: [],
      },
    });
    w.message('cutover.v1.parity.p', '{"a":1}', start + 100);
    w.groups([row('alerting', 12)], start + 200);
    const change = {
      scope: 'group' as const,
      group: 'alerting',
      phase: 'shadow' as const,
      from: 'kafka-only' as const,
      sinceMs: start + 300,
      who: 'ana',
      why: 'parity at 40%',
    };
    w.phase(change, start + 300);
    w.gate(
      {
        go: false,
        checks: [{ id: 'sla', title: 't', state: 'pass', evidence: 'p99 3 ms', href: '/latency' }],
      },
      start + 400,
    );
    w.cluster({
      atMs: start + 500,
      backend: 'nats',
      kind: 'leader-elected',
      detail: 'n2 leads IOT_SENSORS',
    });
    w.clusterSnapshot('kafka', { brokers: [1, 2, 3], controller: 2 }, start + 600);
    w.fault('node-killed', 'cutover-n1 killed', 'nats', start + 700);
    w.probe('probe-vm', { ratePerSecond: 2000, sendDelayP99Ms: 1.2 }, start + 800);
    expect(await w.close()).toEqual({ lines: 8, refused: 0 });

    const r = readRecording(file);
    expect(r.header).toMatchObject({
      v: 2,
      scenario: 'migration',
      stack: 'cluster',
      ratePerSecond: 2000,
    });
    expect(r.invalidLines).toBe(0);
    expect(r.messages).toEqual([{ t: 100, s: 'cutover.v1.parity.p', d: '{"a":1}' }]);
    expect(r.groups[0]).toMatchObject({
      t: 200,
      rows: [{ name: 'alerting', kafka: { lag: 12 }, probeConsumers: { kafka: 1 } }],
    });
    expect(r.groups[0]!.rows[0]).not.toHaveProperty('lagTrend');
    expect(r.phases).toEqual([{ t: 300, type: 'phase', change }]);
    expect(r.gates[0]).toEqual({
      t: 400,
      type: 'gate',
      go: false,
      checks: [{ id: 'sla', state: 'pass', evidence: 'p99 3 ms' }],
    });
    expect(r.cluster[0]!.event.kind).toBe('leader-elected');
    expect(r.clusterSnapshots[0]!.snapshot).toEqual({ brokers: [1, 2, 3], controller: 2 });
    expect(r.faults[0]).toMatchObject({ t: 700, backend: 'nats' });
    expect(r.probes[0]!.summary.sendDelayP99Ms).toBe(1.2);
  });

  it('refuses a line the reader would skip, and keeps writing after it', async () => {
    const file = out();
    const w = new RecordingWriter(file, { recordedAt });
    expect(() => w.message('', 'x', start)).toThrow(RecordingLineRefused);
    expect(() => w.clusterSnapshot('nats', { blob: 'x'.repeat(300 * 1024) }, start)).toThrow(
      /too_long|bytes/,
    );
    w.message('cutover.v1.parity.p', '{}', start + 1);
    expect(await w.close()).toEqual({ lines: 1, refused: 2 });
    expect(readRecording(file).messages).toHaveLength(1);
  });
});
