import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEMO_V1 } from '@/lib/testing/replay-story';
import { DEFAULT_LIMITS, parseRecording, readRecording, RecordingError } from './server';

const v1 = { cutover: 'recording', v: 1, recordedAt: '2026-11-26T14:00:00.000Z' };
const v2 = { ...v1, v: 2 };

function bytes(lines: unknown[], gzip = true): Buffer {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  return gzip ? gzipSync(text) : Buffer.from(text);
}

function file(lines: unknown[], gzip = true): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'cutover-rec-')), 'r.ndjson.gz');
  writeFileSync(f, bytes(lines, gzip));
  return f;
}

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof RecordingError ? err.reason : `not a RecordingError: ${String(err)}`;
  }
  return 'no error';
};

describe('replay - reading recordings', () => {
  it('plays the version 1 demo: every message kept, kinds told apart', () => {
    const r = readRecording(DEMO_V1);
    expect(r.header.v).toBe(1);
    expect(r.durationMs).toBe(180_000);
    expect(r.invalidLines).toBe(0);
    expect(r.messages).toHaveLength(1260);
    const count = (k: string) => r.kinds.filter((x) => x === k).length;
    expect([count('e2e'), count('probe'), count('parity')]).toEqual([360, 720, 180]);
    expect(r.groups).toEqual([]);
  });

  it('reads a version 1 file (gzip or plain), counting lines it will not replay', () => {
    const lines = [
      v1,
      { t: 5, s: 'cutover.v1.samples.nats.p', d: '{}' },
      'garbage',
      { t: -1, s: 'x', d: '' },
    ];
    for (const gzip of [true, false]) {
      const r = readRecording(file(lines, gzip));
      expect(r.messages).toEqual([{ t: 5, s: 'cutover.v1.samples.nats.p', d: '{}' }]);
      expect(r.skipped).toEqual({ invalid: 2, tooLong: 0, unknownType: 0 });
      expect(r.invalidLines).toBe(2);
    }
  });

  it('reads version 2 lines by type, sorts each list by time, and skips types it does not know', () => {
    const r = parseRecording(
      bytes([
        { ...v2, durationMs: 60_000 },
        { t: 20, type: 'msg', s: 'cutover.v1.parity.p', d: '{}' },
        { t: 10, type: 'msg', s: 'cutover.v1.samples.kafka.p', d: '{"metric":"publish"}' },
        { t: 30, type: 'fault', kind: 'corruption', detail: 'one message altered on nats' },
        { t: 40, type: 'hologram', x: 1 },
        { t: 50, type: 'fault', kind: 'x' },
      ]),
    );
    expect(r.messages.map((m) => m.t)).toEqual([10, 20]);
    expect(r.kinds).toEqual(['probe', 'parity']);
    expect(r.faults).toEqual([
      { t: 30, type: 'fault', kind: 'corruption', detail: 'one message altered on nats' },
    ]);
    expect(r.skipped).toEqual({ invalid: 1, tooLong: 0, unknownType: 1 });
  });

  it("keeps the gate's thresholds a run was judged by; ones that do not read are left out", () => {
    const gate = {
      targetBackend: 'nats',
      slaHoldSeconds: 60,
      maxKafkaLag: 1000,
      maxJetStreamPending: 1000,
      maxAckPending: 1000,
      maxStaleSeconds: 10,
      parityLedger: 'scenario-abc123',
    };
    expect(readRecording(file([{ ...v2, gate }])).header.gate).toEqual(gate);
    const bad = readRecording(file([{ ...v2, gate: { ...gate, parityLedger: 'a b' } }]));
    expect(bad.header.v).toBe(2);
    expect(bad.header.gate).toBeUndefined();
  });

  it('skips a line over the cap without decoding it, and refuses a file with too many lines', () => {
    const limits = { ...DEFAULT_LIMITS, maxLineBytes: 100, maxRecords: 4 };
    const long = { t: 1, type: 'msg', s: 'cutover.v1.parity.p', d: 'x'.repeat(200) };
    const ok = { t: 2, type: 'msg', s: 'cutover.v1.parity.p', d: '{}' };
    const r = parseRecording(bytes([v2, long, ok]), 'r', limits);
    expect(r.skipped.tooLong).toBe(1);
    expect(r.messages).toHaveLength(1);
    expect(reason(() => parseRecording(bytes([v2, ok, ok, ok, ok]), 'r', limits))).toBe(
      'too_many_records',
    );
    // A header over the cap is no recording at all.
    expect(
      reason(() => parseRecording(bytes([{ ...v2, note: 'x'.repeat(200) }]), 'r', limits)),
    ).toBe('not_a_recording');
  });

  it('stops inflating at the size cap (a gzip bomb costs no more than the cap)', () => {
    const bomb = gzipSync(
      Buffer.concat([Buffer.from(`${JSON.stringify(v2)}\n`), Buffer.alloc(1 << 20, 0x20)]),
    );
    expect(bomb.length).toBeLessThan(5_000);
    expect(
      reason(() => parseRecording(bomb, 'r', { ...DEFAULT_LIMITS, maxTextBytes: 64 * 1024 })),
    ).toBe('too_large');
  });

  it('names what is wrong with a file that cannot play', () => {
    expect(reason(() => readRecording(file(['{"hello":1}'], false)))).toBe('not_a_recording');
    expect(reason(() => readRecording(file([{ ...v1, v: 3 }])))).toBe('unsupported_version');
    expect(reason(() => readRecording('/nonexistent/rec.gz'))).toBe('unreadable');
    expect(() => readRecording('/nonexistent/rec.gz')).toThrow(/cannot read recording/);
    expect(reason(() => parseRecording(Buffer.from([0x1f, 0x8b, 1, 2, 3])))).toBe('unreadable');
  });
});
