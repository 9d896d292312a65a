import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MessagePlan, type PlanSpec } from './message-plan';
import { deviceIds } from './payload';

const spec = (o: Partial<PlanSpec> = {}): PlanSpec => ({
  probeId: 'unit',
  runId: '0123456789abcdef',
  startUs: 1_764_165_600_000_000,
  ratePerSecond: 3333,
  devices: 100,
  shard: { index: 0, count: 1 },
  groups: 3,
  sensorValues: 8,
  faults: [],
  ...o,
});

describe('probe - message plan', () => {
  it('computes message i identically wherever it is computed: what lets each lane send its own copy', () => {
    const a = new MessagePlan(spec());
    const b = new MessagePlan(structuredClone(spec()));
    for (const i of [0, 1, 2, 999, 123_456]) {
      const x = a.message(i);
      const y = b.message(i);
      expect(Buffer.from(x.payload).equals(Buffer.from(y.payload))).toBe(true);
      expect(y).toMatchObject({ id: x.id, key: x.key, crc: x.crc, shard: x.shard });
      expect(x.crc).toBe(crc32(x.payload));
      expect(x.intendedUs).toBeCloseTo(spec().startUs + (i * 1e6) / 3333, 3);
    }
    // The readings differ from message to message, as random ones would.
    expect(a.message(0).crc).not.toBe(a.message(1).crc);
  });

  it('names messages with UUIDs (version 8) that it reads back, and no one else’s', () => {
    const plan = new MessagePlan(spec());
    const id = plan.message(4242).id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(plan.indexOf(id)).toBe(4242);
    const other = new MessagePlan(spec({ runId: 'fedcba9876543210' }));
    expect(plan.indexOf(other.message(4242).id)).toBeNull();
    expect(plan.indexOf(id.slice(0, -12) + 'zzzzzzzzzzzz')).toBeNull();
    expect(plan.indexOf('not-an-id')).toBeNull();
  });

  it('a shard writes only its own ids and devices, and spreads them over every group', () => {
    const plans = [0, 1, 2].map((index) => new MessagePlan(spec({ shard: { index, count: 3 } })));
    const ids = new Set<string>();
    const devicesOf = plans.map(() => new Set<string>());
    for (const [k, plan] of plans.entries()) {
      const groups = new Set<number>();
      for (let i = 0; i < 300; i += 1) {
        const m = plan.message(i);
        expect(ids.has(m.id)).toBe(false);
        ids.add(m.id);
        devicesOf[k]!.add(m.key);
        groups.add(m.shard);
        expect(plan.indexOf(m.id)).toBe(i);
        // Another shard's plan does not take the id for one of its own.
        expect(plans[(k + 1) % 3]!.indexOf(m.id)).toBeNull();
      }
      expect(groups.size).toBe(3);
    }
    // 100 devices over 3 shards: 34 + 33 + 33, disjoint, together the whole population.
    expect(devicesOf.map((d) => d.size)).toEqual([34, 33, 33]);
    expect(new Set(devicesOf.flatMap((d) => [...d]))).toEqual(new Set(deviceIds(100)));
  });

  it('applies a configured fault to its side on every N-th message only', () => {
    const plan = new MessagePlan(spec({ faults: [{ kind: 'drop', side: 'nats', every: 10 }] }));
    expect(plan.fault(9, 'nats')).toBe('drop');
    expect(plan.fault(9, 'kafka')).toBeUndefined();
    expect(plan.fault(10, 'nats')).toBeUndefined();
  });
});
