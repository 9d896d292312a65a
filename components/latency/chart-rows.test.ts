import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '@/lib/latency';
import { chartRows, LOG_FLOOR_MS, type ChartLine } from './chart-rows';

const P99: ChartLine[] = [{ key: 'p99Us', name: 'p99' }];

function point(slotStartMs: number, p99Us: number, count = 10): SeriesPoint {
  return {
    slotStartMs,
    count,
    errors: 0,
    p50Us: p99Us / 2,
    p90Us: p99Us,
    p99Us,
    p999Us: p99Us,
    maxUs: p99Us,
    bins: [],
  };
}

/** The line as recharts would draw it with connectNulls={false}: runs of non-null values. */
function segments(rows: ReturnType<typeof chartRows>, key: string): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  for (const r of rows) {
    const v = r[key];
    if (v === null || v === undefined) {
      if (run.length) out.push(run);
      run = [];
    } else run.push(r.t);
  }
  if (run.length) out.push(run);
  return out;
}

describe('latency chart - rows', () => {
  it('draws consecutive slots as one line, values in ms', () => {
    const rows = chartRows(
      [{ backend: 'nats', points: [point(1000, 5000), point(2000, 7000), point(3000, 9000)] }],
      P99,
      1000,
    );
    expect(rows).toEqual([
      { t: 1000, 'nats.p99': 5 },
      { t: 2000, 'nats.p99': 7 },
      { t: 3000, 'nats.p99': 9 },
    ]);
  });

  it('breaks the line where slots are missing, with one null row at the first missing slot', () => {
    const points = [0, 1000, 2000, 8000, 9000].map((t) => point(t, 4000));
    const rows = chartRows([{ backend: 'kafka', points }], P99, 1000);
    expect(rows.map((r) => r.t)).toEqual([0, 1000, 2000, 3000, 8000, 9000]);
    expect(rows[3]).toEqual({ t: 3000, 'kafka.p99': null });
    expect(segments(rows, 'kafka.p99')).toEqual([
      [0, 1000, 2000],
      [8000, 9000],
    ]);
  });

  it('breaks per minute too: the gap is measured in the chart step', () => {
    const points = [0, 60_000, 180_000].map((t) => point(t, 4000));
    const rows = chartRows([{ backend: 'nats', points }], P99, 60_000);
    expect(segments(rows, 'nats.p99')).toEqual([[0, 60_000], [180_000]]);
  });

  it("breaks one backend's line where only that backend is missing, leaving the other whole", () => {
    const rows = chartRows(
      [
        { backend: 'kafka', points: [0, 1000, 2000, 3000].map((t) => point(t, 3000)) },
        { backend: 'nats', points: [0, 3000].map((t) => point(t, 2000)) },
      ],
      P99,
      1000,
    );
    expect(segments(rows, 'kafka.p99')).toEqual([[0, 1000, 2000, 3000]]);
    expect(segments(rows, 'nats.p99')).toEqual([[0], [3000]]);
  });

  it('draws a window that measured nothing as a gap, not as 0 ms', () => {
    const rows = chartRows(
      [{ backend: 'nats', points: [point(0, 3000), point(1000, 0, 0), point(2000, 3000)] }],
      [...P99, { key: 'p50Us', name: 'p50' }],
      1000,
    );
    expect(rows[1]).toEqual({ t: 1000, 'nats.p99': null, 'nats.p50': null });
    expect(segments(rows, 'nats.p99')).toEqual([[0], [2000]]);
  });

  it('adds nothing for no data', () => {
    expect(chartRows([], P99, 1000)).toEqual([]);
    expect(chartRows([{ backend: 'nats', points: [] }], P99, 1000)).toEqual([]);
  });

  it('draws a value of 0 on the floor of a log axis, not as a value that would blank the chart', () => {
    const rows = chartRows(
      [{ backend: 'nats', points: [point(1000, 0), point(2000, 7000)] }],
      P99,
      1000,
      LOG_FLOOR_MS,
    );
    expect(rows.map((r) => r['nats.p99'])).toEqual([LOG_FLOOR_MS, 7]);
    // A linear axis draws it as it is.
    expect(
      chartRows([{ backend: 'nats', points: [point(1000, 0)] }], P99, 1000)[0]!['nats.p99'],
    ).toBe(0);
  });
});
