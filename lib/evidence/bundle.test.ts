import { describe, expect, it } from 'vitest';
import { newLatencyHistogram } from '@/lib/samples';
import { buildBundle, bundleToCsv, recomputePeriod } from '.';

function hist(values: number[]) {
  const h = newLatencyHistogram();
  for (const v of values) h.recordValue(v);
  return h;
}

describe('evidence - bundle', () => {
  const bundle = buildBundle({
    source: { type: 'live' },
    slaMs: 120,
    probes: ['p1'],
    backends: [
      {
        backend: 'nats',
        slots: [
          {
            slotStartMs: 1000,
            histogram: hist(Array.from({ length: 99 }, () => 10_000)),
            errors: 0,
          },
          { slotStartMs: 2000, histogram: hist([500_000]), errors: 2 },
        ],
      },
    ],
    parity: [],
    now: new Date('2026-11-26T00:00:00Z'),
  });

  it('summarises the period from the merged histogram, never from slot percentiles', () => {
    const nats = bundle.backends[0]!;
    expect(nats.period.count).toBe(100);
    expect(nats.period.overSla).toBeCloseTo(0.01);
    expect(nats.period.p99Us).toBe(
      hist(Array.from({ length: 99 }, () => 10_000)).getValueAtPercentile(99),
    );
    expect(bundle.period).toEqual({ fromMs: 1000, toMs: 3000 });
  });

  it('round-trips through JSON: the recomputed period equals the summary', () => {
    const back = recomputePeriod(JSON.parse(JSON.stringify(bundle)));
    expect(back.nats).toEqual(bundle.backends[0]!.period);
  });

  it('writes one CSV row per backend and slot', () => {
    const csv = bundleToCsv(bundle).trim().split('\n');
    expect(csv[0]).toBe(
      'backend,slot_start_ms,count,errors,p50_us,p90_us,p99_us,p999_us,max_us,over_sla_fraction',
    );
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^nats,2000,1,2,/);
  });
});
