import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRecording, RecordingError, ReplayPlayer, shiftTimes } from '.';

const header = { cutover: 'recording', v: 1, recordedAt: '2026-11-26T14:00:00.000Z' };
const start = Date.parse(header.recordedAt);

function file(lines: unknown[], gzip = true): string {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'cutover-rec-')), 'r.ndjson.gz');
  writeFileSync(f, gzip ? gzipSync(text) : text);
  return f;
}

describe('replay - recordings', () => {
  it('reads gzip NDJSON, counting lines it will not replay', () => {
    const r = readRecording(
      file([
        header,
        { t: 5, s: 'cutover.v1.samples.nats.p', d: '{}' },
        'garbage',
        { t: -1, s: 'x', d: '' },
      ]),
    );
    expect(r.messages).toHaveLength(1);
    expect(r.invalidLines).toBe(2);
  });

  it('refuses a file that is not a recording, naming it', () => {
    expect(() => readRecording(file(['{"hello":1}'], false))).toThrow(RecordingError);
    expect(() => readRecording('/nonexistent/rec.gz')).toThrow(/cannot read recording/);
  });

  it('shifts window and parity times, and leaves other bodies alone', () => {
    expect(JSON.parse(shiftTimes('{"windowStartMs":1000,"windowEndMs":2000,"x":1}', 500))).toEqual({
      windowStartMs: 1500,
      windowEndMs: 2500,
      x: 1,
    });
    expect(JSON.parse(shiftTimes('{"atMs":10}', 5)).atMs).toBe(15);
    expect(shiftTimes('not json', 5)).toBe('not json');
    expect(shiftTimes('[1]', 5)).toBe('[1]');
  });

  it('plays at the recorded pace, shifted to now, and loops with new times', () => {
    const msg = (t: number) => ({
      t,
      s: 'cutover.v1.samples.nats.p',
      d: JSON.stringify({ windowStartMs: start + t, windowEndMs: start + t + 1000 }),
    });
    const recording = readRecording(file([header, msg(0), msg(1000)]));
    let now = 10_000_000;
    const emitted: { at: number; body: { windowStartMs: number } }[] = [];
    const player = new ReplayPlayer(recording, {
      speed: 1,
      now: () => now,
      emit: (_s, d) => emitted.push({ at: now, body: JSON.parse(d) }),
    });
    player.start();
    expect(emitted.map((e) => e.body.windowStartMs)).toEqual([10_000_000]);
    now += 1000;
    (player as unknown as { tick(): void }).tick();
    expect(emitted.map((e) => e.body.windowStartMs)).toEqual([10_000_000, 10_001_000]);
    now += 50;
    (player as unknown as { tick(): void }).tick();
    expect(player.loops).toBe(2);
    player.stop();
  });
});
