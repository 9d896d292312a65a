import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_V1,
  storyLag,
  STORY_FAULT_S,
  STORY_HEALED_S,
  writeStoryRecording,
} from '@/lib/testing/replay-story';
import type { Recording } from '.';
import {
  clusterAt,
  clusterResponseAt,
  migrationAt,
  probesAt,
  readRecording,
  RecordingWriter,
  replayInfo,
} from './server';

let story: Recording;
beforeAll(async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cutover-story-')), 'story.ndjson.gz');
  await writeStoryRecording(file);
  story = readRecording(file);
});

const live = (snap: ReturnType<typeof migrationAt>) => {
  if (snap.type !== 'live') throw new Error(`unavailable: ${snap.reason}`);
  return snap;
};

describe('replay - what a position holds', () => {
  it('shows the board as it stood: phases from the phase lines, lag from the last poll', () => {
    const at = (s: number) => live(migrationAt(story, s * 1000));
    expect(at(5).phase).toBe('proof-of-concept');
    expect(at(5).groups.map((g) => g.phase)).toEqual(['kafka-only', 'kafka-only']);
    expect(at(100).phase).toBe('shadowing');
    expect(at(100).groups.map((g) => g.phase)).toEqual(['dual-read', 'dual-read']);
    const cut = at(151);
    expect(cut.phase).toBe('cutover');
    expect(cut.groups.map((g) => g.phase)).toEqual(['cut-over', 'cut-over']);
    expect(cut.groups[0]!.record).toMatchObject({ who: 'ana', from: 'dual-read' });
    // Polled every 2 s: at 151 s the last poll is the one at 150 s.
    expect(cut.groups[0]!.kafka).toEqual({
      type: 'ok',
      lag: storyLag('telemetry-ingest', 150).lag,
      partitions: 3,
    });
    expect(cut.atMs).toBe(story.startMs + 150_000);
    expect(cut.replay).toEqual({ recordedAt: story.header.recordedAt, positionMs: 151_000 });
    // Three minutes of trend at most, one point per poll.
    expect(cut.trendAtMs).toHaveLength(75);
    expect(cut.groups[1]!.lagTrend.at(-1)).toBe(storyLag('alerting', 150).lag);
    // History: newest first, only what happened by then.
    expect(cut.history.map((c) => c.phase)).toEqual([
      'cut-over',
      'cut-over',
      'cutover',
      'dual-read',
      'dual-read',
      'shadow',
      'shadow',
      'shadowing',
    ]);
  });

  it("gives the replayed gate the recorded cluster health, aged on the recording's clock", () => {
    const evidence = (s: number) => live(migrationAt(story, s * 1000)).cluster;
    expect(evidence(85)).toMatchObject({
      type: 'live',
      ageMs: 1000,
      health: { verdict: 'degraded' },
    });
    expect(evidence(STORY_HEALED_S + 1)).toMatchObject({
      type: 'live',
      health: { verdict: 'healthy' },
    });
    expect(evidence(1)).toMatchObject({ type: 'unavailable' });
  });

  it('before the first poll, says the lag is not known yet rather than zero', () => {
    const first = live(migrationAt(story, 1000)).groups[0]!;
    expect(first.kafka.type).toBe('error');
    expect(first.lagTrend).toEqual([]);
  });

  it('says a version 1 recording has no board, naming why', () => {
    const v1 = readRecording(DEMO_V1);
    const snap = migrationAt(v1, 60_000);
    expect(snap.type).toBe('unavailable');
    expect(snap.type === 'unavailable' && snap.reason).toMatch(
      /version 1.*latency and parity only/,
    );
  });

  it('marks phase changes, faults, cluster events and gate flips on the timeline', () => {
    const info = replayInfo(story, 4);
    expect(info).toMatchObject({ version: 2, board: true, defaultSpeed: 4, durationMs: 180_000 });
    const kinds = info.markers.map((m) => `${m.positionMs / 1000} ${m.kind} ${m.label}`);
    expect(kinds).toContain(`${STORY_FAULT_S} fault corruption`);
    expect(kinds).toContain('10 phase shadowing');
    expect(kinds).toContain('120 phase telemetry-ingest: cut-over');
    expect(kinds).toContain('80 cluster nats node-down');
    // The first verdict (NO-GO) is not a flip; GO at 105 s is; a repeated GO is not.
    expect(kinds.filter((k) => k.includes('gate'))).toEqual(['105 gate GO']);
    expect(info.markers.find((m) => m.label === 'shadowing')!.detail).toMatch(
      /proof-of-concept → shadowing by ana/,
    );
    expect(replayInfo(readRecording(DEMO_V1), 1)).toMatchObject({
      version: 1,
      board: false,
      markers: [],
    });
  });

  it("gives the cluster events and latest snapshots, and each probe's newest summary, as of a position", () => {
    expect(clusterAt(story, 79_000).events).toEqual([]);
    expect(clusterAt(story, 79_000).snapshots.nats).toBeUndefined();
    const c = clusterAt(story, 90_000);
    expect(c.events.map((e) => e.kind)).toEqual(['leader-elected', 'node-down']);
    expect(c.snapshots.nats?.snapshot).toMatchObject({ leader: 'cutover-n2' });
    expect(clusterAt(story, 86_000).snapshots.all?.snapshot).toMatchObject({
      health: { verdict: 'degraded' },
    });
    expect(probesAt(story, 29_000)).toEqual({});
    expect(probesAt(story, 31_000)['probe-vm']?.summary.ratePerSecond).toBe(2000);
  });

  it('serves the cluster page what /api/cluster answered then, marked as a replay', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cutover-cluster-')), 'c.ndjson.gz');
    const startMs = Date.parse('2026-12-01T12:00:00.000Z');
    const w = new RecordingWriter(file, {
      recordedAt: new Date(startMs).toISOString(),
      durationMs: 10_000,
    });
    const snapshot = { atMs: startMs + 2000, expectedReplicas: 3, nats: { nodes: [] }, kafka: {} };
    const health = {
      atMs: startMs + 2000,
      verdict: 'degraded',
      problems: ['NATS cutover-n1 is down'],
    };
    w.clusterSnapshot(null, { snapshot, health }, startMs + 2000);
    const at = (ms: number, kind: string, detail: string) =>
      w.cluster({ atMs: startMs + ms, backend: 'nats', kind, detail, source: 'poll' });
    at(3000, 'node-down', 'cutover-n1 killed');
    at(4000, 'stream-leader', 'IOT_SENSORS leader → cutover-n2');
    at(5000, 'meta-leader', 'meta leader → cutover-n3');
    await w.close();
    const r = readRecording(file);

    expect(clusterResponseAt(r, 1000)).toMatchObject({
      type: 'unavailable',
      reason: expect.stringMatching(/no cluster snapshot this early/),
    });
    const c = clusterResponseAt(r, 4500);
    expect(c).toMatchObject({ type: 'live', snapshot, health, replay: { positionMs: 4500 } });
    // The elections so far, oldest first as the live list has them; node events are marks.
    expect(c.type === 'live' && c.events.map((e) => e.detail)).toEqual([
      'IOT_SENSORS leader → cutover-n2',
    ]);
    expect(clusterResponseAt(readRecording(DEMO_V1), 60_000)).toMatchObject({
      type: 'unavailable',
      reason: expect.stringMatching(/version 1/),
    });
  });
});
