import { describe, expect, it } from 'vitest';
import { ReplayController, type ReplayInfo } from '.';

const info: ReplayInfo = {
  version: 2,
  recordedAt: '2026-11-26T14:00:00.000Z',
  startMs: Date.parse('2026-11-26T14:00:00.000Z'),
  durationMs: 180_000,
  defaultSpeed: 5,
  note: null,
  board: true,
  markers: [],
};

describe("replay - one tab's controls", () => {
  it("starts where the URL says, at its speed, or at the start and the server's speed", () => {
    const wall = { ms: 1_000 };
    const c = new ReplayController(info, 't=30&speed=4&window=1m', () => wall.ms);
    expect(c.snapshot.clock).toMatchObject({ positionMs: 30_000, speed: 4 });
    expect(c.snapshot.feed.streamUrl).toBe('/api/stream?t=30000&speed=4&wall=1000');
    wall.ms += 2_000;
    expect(c.position()).toBe(38_000);
    expect(new ReplayController(info, '').snapshot.clock).toMatchObject({
      positionMs: 0,
      speed: 5,
    });
  });

  it('pauses where it is, resumes at the speed it had, and seeks to a new stream each time', () => {
    const wall = { ms: 0 };
    const c = new ReplayController(info, 't=10&speed=16', () => wall.ms);
    const seen: string[] = [];
    c.subscribe(() => seen.push(c.snapshot.feed.streamUrl));
    wall.ms = 1_000;
    c.pause();
    expect(c.snapshot.clock).toMatchObject({ positionMs: 26_000, speed: 0 });
    expect(c.snapshot.resumeSpeed).toBe(16);
    wall.ms = 60_000;
    expect(c.position()).toBe(26_000);
    c.setSpeed(4);
    expect(c.snapshot.clock.speed).toBe(0);
    c.play();
    expect(c.snapshot.clock).toMatchObject({ positionMs: 26_000, speed: 4 });
    c.seek(999_999);
    expect(c.snapshot.clock.positionMs).toBe(180_000);
    c.setSpeed(1000);
    expect(c.snapshot.clock.speed).toBe(4);
    // Choosing a speed while paused is not a new stream; pause, play and seek are.
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(3);
  });

  it("a paused link resumes at the server's speed, and play at the end starts over", () => {
    const wall = { ms: 0 };
    const c = new ReplayController(info, 't=180&speed=0', () => wall.ms);
    expect(c.snapshot.resumeSpeed).toBe(5);
    c.play();
    expect(c.snapshot.clock).toMatchObject({ positionMs: 0, speed: 5 });
  });
});
