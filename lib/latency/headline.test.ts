import { describe, expect, it } from 'vitest';
import { burnRate, headline, type PeriodSummary } from '.';

const s = (backend: string, p99Us: number, periodMs = 900_000): PeriodSummary => ({
  backend,
  periodMs,
  coveredMs: periodMs,
  firstSlotMs: 0,
  lastSlotEndMs: periodMs,
  count: 100,
  errors: 0,
  p50Us: 1,
  p90Us: 1,
  p99Us,
  p999Us: 1,
  maxUs: 1,
  overSla: 0,
  ratePerSecond: 1,
});

describe('latency - headline', () => {
  it("reads the case study's result", () => {
    expect(headline(s('kafka', 187_000), s('nats', 121_000))).toBe(
      'NATS p99 is 35% lower than Kafka over the last 15 minutes',
    );
  });
  it('says how much data it covers when the window is not full yet', () => {
    expect(headline({ ...s('kafka', 200_000), coveredMs: 42_000 }, s('nats', 100_000))).toBe(
      'NATS p99 is 50% lower than Kafka over the last 42 s',
    );
  });

  it('says higher, level, or nothing without data', () => {
    expect(headline(s('kafka', 100_000, 60_000), s('nats', 150_000, 60_000))).toBe(
      'NATS p99 is 50% higher than Kafka over the last minute',
    );
    expect(headline(s('kafka', 100_000), s('nats', 100_200))).toBe(
      'NATS p99 is level with Kafka over the last 15 minutes',
    );
    expect(headline(undefined, s('nats', 1))).toBeNull();
  });
  it('burns the error budget at overSla / 1%', () => {
    expect(burnRate(0.01)).toBe(1);
    expect(burnRate(0.144)).toBeCloseTo(14.4);
  });
});
