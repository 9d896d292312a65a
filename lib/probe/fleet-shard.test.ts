import { describe, expect, it } from 'vitest';
import {
  fleetSeq,
  formatShard,
  ownedDevices,
  parseShard,
  shareOf,
  ShardRejected,
  type FleetShard,
} from './fleet-shard';

const fleet = (count: number): FleetShard[] =>
  Array.from({ length: count }, (_, index) => ({ index, count }));

describe('probe - fleet shards', () => {
  it('reads "i/n" 1-based and writes it back', () => {
    expect(parseShard('1/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard('4/4')).toEqual({ index: 3, count: 4 });
    expect(formatShard(parseShard('3/7'))).toBe('3/7');
  });

  it.each(['0/4', '5/4', '1/0', '1', '1/2/3', 'a/b', '-1/2', '1.5/2'])(
    'refuses %j with a named error',
    (text) => {
      expect(() => parseShard(text)).toThrow(ShardRejected);
    },
  );

  it('splits 10,000 msg/s over 3 shards into 3,334 + 3,333 + 3,333: exactly the total', () => {
    const rates = fleet(3).map((s) => shareOf(10_000, s));
    expect(rates).toEqual([3334, 3333, 3333]);
    expect(rates.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('splits any total over any fleet size into parts that differ by at most one and sum to it', () => {
    for (const total of [1, 7, 999, 1000, 2500, 10_000, 10_007])
      for (let n = 1; n <= Math.min(total, 12); n += 1) {
        const parts = fleet(n).map((s) => shareOf(total, s));
        expect(
          parts.reduce((a, b) => a + b, 0),
          `${total}/${n}`,
        ).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }
  });

  it('gives every device to exactly one shard, in ranges as large as the shares', () => {
    for (const [devices, n] of [
      [1000, 3],
      [1000, 4],
      [10, 10],
      [17, 5],
    ] as const) {
      const owner = new Array<number>(devices).fill(-1);
      for (const s of fleet(n)) {
        const { from, to } = ownedDevices(devices, s);
        expect(to - from).toBe(shareOf(devices, s));
        for (let d = from; d < to; d += 1) {
          expect(owner[d], `device ${d}`).toBe(-1);
          owner[d] = s.index;
        }
      }
      expect(owner.every((o) => o >= 0)).toBe(true);
    }
  });

  it('interleaves sequence numbers: no two shards write the same one, and together they miss none', () => {
    const seen = new Map<number, number>();
    for (const s of fleet(4))
      for (let i = 0; i < 250; i += 1) {
        const seq = fleetSeq(i, s);
        expect(seen.has(seq), `seq ${seq}`).toBe(false);
        seen.set(seq, s.index);
      }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });
});
