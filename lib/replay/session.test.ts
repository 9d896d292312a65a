import { describe, expect, it } from 'vitest';
import { DEMO_V1 } from '@/lib/testing/replay-story';
import { LatencyReceiver } from '@/lib/latency';
import { ParityRuns } from '@/lib/parity';
import { parsePageQuery, positionAt, replayNowMs, type ReplayClock } from '.';
import {
  Lookbacks,
  parseStreamQuery,
  readRecording,
  ReplayPlayer,
  ReplaySession,
  shiftTimes,
  type SessionEvent,
} from './server';

const demo = readRecording(DEMO_V1);

/** A receiver: windows on the replay's clock, and parity runs. */
interface Receiver {
  live: LatencyReceiver;
  parity: ParityRuns;
}

/** A tab's engine fed by a session, on the replay's clock. */
function tab(events: SessionEvent[], clockMs: number): Receiver {
  const r = {
    live: new LatencyReceiver({ now: () => clockMs, summaryRefreshMs: 0 }),
    parity: new ParityRuns(),
  };
  for (const e of events) {
    if (e.type === 'history') r.live.all.seedHistory(e.text);
    else if (e.type === 'parity') r.parity.receive(e.text);
    else r.live.receive(e.text, 'kafka', clockMs);
  }
  return r;
}

/** A tab that watched the recording from its start up to positionMs. */
function watched(positionMs: number): Receiver {
  let clockMs = demo.startMs;
  const r = {
    live: new LatencyReceiver({ now: () => clockMs, summaryRefreshMs: 0 }),
    parity: new ParityRuns(),
  };
  for (const [i, m] of demo.messages.entries()) {
    if (m.t > positionMs) break;
    clockMs = demo.startMs + m.t;
    if (demo.kinds[i] === 'parity') r.parity.receive(m.d);
    else r.live.receive(m.d, 'kafka', clockMs);
  }
  clockMs = demo.startMs + positionMs;
  return r;
}

function play(
  positionMs: number,
  speed: number,
  nowRef: { ms: number },
): { events: SessionEvent[]; session: ReplaySession } {
  const events: SessionEvent[] = [];
  const session = new ReplaySession(demo, {
    positionMs,
    speed,
    now: () => nowRef.ms,
    lookback: (p) => new Lookbacks(demo).at(p),
    emit: (e) => events.push(e),
  });
  session.start();
  return { events, session };
}

/** Lets the session send its paced lookback. */
const flush = () => new Promise((r) => setTimeout(r, 100));

describe('replay - a tab landing on a position', () => {
  it('plays the version 1 demo from any position', async () => {
    const now = { ms: 1_000_000 };
    const { events, session } = play(150_000, 1, now);
    await flush();
    expect(events[0]!.type).toBe('history');
    // The last minute of e2e windows and two minutes of the probe's own, as recorded.
    expect(events.filter((e) => e.type === 'sample').length).toBeGreaterThan(550);
    session.stop();
  });

  // Decodes the recording twice: seconds on a loaded 2-core machine.
  it(
    'rebuilds the figures of the period before the seek point exactly as a tab that watched',
    { timeout: 30_000 },
    async () => {
      for (const positionMs of [45_000, 150_000]) {
        const { events, session } = play(positionMs, 0, { ms: 0 });
        await flush();
        session.stop();
        const seeked = tab(events, demo.startMs + positionMs);
        const reference = watched(positionMs);
        for (const backend of ['kafka', 'nats'])
          for (const periodMs of [60_000, 300_000]) {
            const a = seeked.live.all.summary(backend, periodMs, 120_000);
            const b = reference.live.all.summary(backend, periodMs, 120_000);
            expect(a.count, `${backend} ${periodMs} at ${positionMs}`).toBeGreaterThan(0);
            expect([a.count, a.p50Us, a.p99Us, a.firstSlotMs]).toEqual([
              b.count,
              b.p50Us,
              b.p99Us,
              b.firstSlotMs,
            ]);
          }
        const run = reference.parity.latest()[0]!;
        expect(seeked.parity.latest()[0]!.atMs).toBe(run.atMs);
        // The parity chart's history is whole, not just the newest report.
        expect(seeked.parity.history(run.probe, run.ledger)).toEqual(
          reference.parity.history(run.probe, run.ledger),
        );
        expect(seeked.live.probes()).toEqual(['probe-vm']);
        expect(seeked.live.probeWindows.figures(60_000, 120_000)).toEqual(
          reference.live.probeWindows.figures(60_000, 120_000),
        );
      }
    },
  );

  it('moves on at its speed from the seek point, and holds when paused (speed 0)', async () => {
    const now = { ms: 5_000_000 };
    const fast = play(100_000, 4, now);
    await flush();
    const afterLookback = fast.events.length;
    now.ms += 1000; // 4 s of recording
    (fast.session as unknown as { tick(): void }).tick();
    const played = fast.events.slice(afterLookback);
    // ~7 messages per recorded second.
    expect(played.length).toBeGreaterThanOrEqual(24);
    expect(played.length).toBeLessThanOrEqual(32);
    fast.session.stop();

    const held = play(100_000, 0, now);
    await flush();
    const n = held.events.length;
    now.ms += 60_000;
    await flush();
    expect(held.events.length).toBe(n);
    expect(held.session.done).toBe(false);
  });

  it('keeps the house player (for /api/metrics) looping, shifted to the server clock', () => {
    const recording = {
      ...demo,
      messages: demo.messages.slice(0, 2),
      kinds: demo.kinds.slice(0, 2),
    };
    let now = 10_000_000;
    const emitted: string[] = [];
    const player = new ReplayPlayer(recording, {
      speed: 1,
      now: () => now,
      emit: (_s, d) => emitted.push(d),
    });
    player.start();
    now += 2000;
    (player as unknown as { tick(): void }).tick();
    expect(player.loops).toBe(2);
    // Its first window is shown as starting at the loop's start, by the server's clock.
    expect(Math.abs(JSON.parse(emitted[0]!).windowStartMs - 10_000_000)).toBeLessThanOrEqual(2000);
    player.stop();
    expect(JSON.parse(shiftTimes('{"atMs":10,"x":1}', 5))).toEqual({ atMs: 15, x: 1 });
    expect(shiftTimes('not json', 5)).toBe('not json');
  });
});

describe('replay - the clock and its URL', () => {
  const clock: ReplayClock = {
    startMs: 1000,
    durationMs: 60_000,
    positionMs: 10_000,
    wallMs: 0,
    speed: 4,
  };

  it('moves at its speed, stays within the recording, and holds at speed 0', () => {
    expect(positionAt(clock, 1000)).toBe(14_000);
    expect(replayNowMs(clock, 1000)).toBe(15_000);
    expect(positionAt(clock, 1e9)).toBe(60_000);
    expect(positionAt({ ...clock, speed: 0 }, 1e9)).toBe(10_000);
  });

  it('reads t (seconds) and speed from a page URL, falling back on anything odd', () => {
    const q = (s: string) =>
      parsePageQuery(new URLSearchParams(s), { speed: 5, durationMs: 60_000 });
    expect(q('t=12&speed=16')).toEqual({ positionMs: 12_000, speed: 16, hasT: true });
    expect(q('t=12.5&speed=0')).toEqual({ positionMs: 12_500, speed: 0, hasT: true });
    expect(q('')).toEqual({ positionMs: 0, speed: 5, hasT: false });
    expect(q('t=999&speed=1000')).toEqual({ positionMs: 60_000, speed: 5, hasT: true });
    expect(q('t=-3&speed=abc')).toEqual({ positionMs: 0, speed: 5, hasT: true });
  });

  it('starts a stream where the tab is now: its position moved on by the time since it took it', () => {
    const q = (s: string, nowMs: number) =>
      parseStreamQuery(new URLSearchParams(s), { speed: 1, durationMs: 60_000 }, nowMs);
    expect(q('t=10000&speed=4&wall=5000', 5500)).toEqual({ positionMs: 12_000, speed: 4 });
    // A tab clock ahead of the server's never moves it back.
    expect(q('t=10000&speed=4&wall=9000', 5500)).toEqual({ positionMs: 10_000, speed: 4 });
    expect(q('t=10000&speed=0&wall=0', 5500)).toEqual({ positionMs: 10_000, speed: 0 });
    expect(q('', 5500)).toEqual({ positionMs: 0, speed: 1 });
  });
});
