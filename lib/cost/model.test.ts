import { describe, expect, it } from 'vitest';
import { loadMigrationConfig } from '@/lib/config';
import { formatPercent, formatUsd, formatUsdPerMillion } from './format';
import {
  costPerMillionUsd,
  messagesPerMonth,
  nodesNeeded,
  reportedSaving,
  saving,
  scenario,
  scenarios,
  SECONDS_PER_MONTH,
} from './model';

// The shipped config carries the case study's table; the model is tested from those inputs.
const cost = loadMigrationConfig('config/cutover.json').cost!;

describe('cost - reported saving', () => {
  it("reproduces the case study's 22% saving from its monthly costs", () => {
    expect(cost.kafka.monthlyUsd).toBe(14_200);
    expect(cost.nats.monthlyUsd).toBe(11_100);
    const s = reportedSaving(cost);
    expect(s.monthlyUsd).toBe(3_100);
    expect(s.yearlyUsd).toBe(37_200);
    expect(s.percent).toBeCloseTo(21.83, 2);
    expect(formatPercent(s.percent)).toBe('22%');
    expect(formatUsd(s.monthlyUsd)).toBe('$3,100');
  });

  it('shows a cost increase as a negative saving', () => {
    expect(saving(100, 150)).toEqual({ monthlyUsd: -50, yearlyUsd: -600, percent: -50 });
    expect(saving(0, 0).percent).toBe(0);
  });
});

describe('cost - cost per million messages', () => {
  it('uses a 30.44-day month', () => {
    expect(SECONDS_PER_MONTH).toBe(2_630_016);
    expect(messagesPerMonth(10_000)).toBe(26_300_160_000);
  });

  it('prices both backends at the reported 10,000 msg/s', () => {
    const kafka = costPerMillionUsd(cost.kafka.monthlyUsd, cost.reportedRatePerSecond);
    const nats = costPerMillionUsd(cost.nats.monthlyUsd, cost.reportedRatePerSecond);
    expect(kafka).toBeCloseTo(14_200 / 26_300.16, 10);
    expect(nats).toBeCloseTo(11_100 / 26_300.16, 10);
    expect(formatUsdPerMillion(kafka)).toBe('$0.54');
    expect(formatUsdPerMillion(nats)).toBe('$0.42');
  });

  it('is ten times dearer per message at a tenth of the rate', () => {
    expect(costPerMillionUsd(14_200, 1_000)! / costPerMillionUsd(14_200, 10_000)!).toBeCloseTo(
      10,
      10,
    );
  });

  it('has no price without traffic', () => {
    expect(costPerMillionUsd(14_200, 0)).toBeNull();
    expect(costPerMillionUsd(14_200, -5)).toBeNull();
    expect(costPerMillionUsd(14_200, Number.NaN)).toBeNull();
    expect(formatUsdPerMillion(null)).toBe('—');
  });

  it('keeps two significant digits for small prices', () => {
    expect(formatUsdPerMillion(0.02699)).toBe('$0.027');
  });
});

describe('cost - scenarios', () => {
  it('never sizes below the reported cluster', () => {
    expect(nodesNeeded(cost.kafka, 0)).toBe(3);
    expect(nodesNeeded(cost.kafka, 1_000)).toBe(3);
    expect(nodesNeeded(cost.nats, 40_000)).toBe(3);
  });

  it('adds a node per maxThroughputPerNode beyond the reported cluster', () => {
    // 3 × 14,200 = 42,600 msg/s is Kafka's reported capacity; 3 × 21,800 = 65,400 NATS's.
    expect(nodesNeeded(cost.kafka, 42_600)).toBe(3);
    expect(nodesNeeded(cost.kafka, 42_601)).toBe(4);
    expect(nodesNeeded(cost.nats, 65_400)).toBe(3);
    expect(nodesNeeded(cost.nats, 65_401)).toBe(4);
    expect(nodesNeeded(cost.kafka, 100_000)).toBe(8);
    expect(nodesNeeded(cost.nats, 100_000)).toBe(5);
  });

  it('scales cost with nodes, so the saving grows where Kafka needs more of them', () => {
    const row = scenario(cost, 100_000);
    expect(row.kafka.monthlyUsd).toBeCloseTo((8 * 14_200) / 3, 6);
    expect(row.nats.monthlyUsd).toBeCloseTo((5 * 11_100) / 3, 6);
    expect(formatPercent(row.saving.percent)).toBe('51%');
    expect(row.kafka.costPerMillionUsd).toBeCloseTo(row.kafka.monthlyUsd / 263_001.6, 10);
  });

  it('keeps the reported saving at the configured rates, where both stay at 3 nodes', () => {
    const rows = scenarios(cost, null);
    expect(rows.map((r) => r.ratePerSecond)).toEqual(cost.scenarioRatesPerSecond);
    for (const r of rows) {
      expect(r.origin).toBe('config');
      expect([r.kafka.nodes, r.nats.nodes]).toEqual([3, 3]);
      expect(r.saving.monthlyUsd).toBe(3_100);
    }
  });

  it('adds the measured rate in rate order, and nothing for an absent or zero one', () => {
    const rows = scenarios(cost, 7_500);
    expect(rows.map((r) => [r.ratePerSecond, r.origin])).toEqual([
      [1_000, 'config'],
      [5_000, 'config'],
      [7_500, 'measured'],
      [10_000, 'config'],
      [20_000, 'config'],
      [40_000, 'config'],
    ]);
    expect(scenarios(cost, 0)).toHaveLength(cost.scenarioRatesPerSecond.length);
    expect(scenario(cost, 0).kafka.costPerMillionUsd).toBeNull();
  });
});
