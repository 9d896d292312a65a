import { loadavg } from 'node:os';

export interface LoadAverage {
  /** 1-minute load average when the benchmark started: what else was running. */
  atStart: number;
  mean: number;
  max: number;
  samples: number;
}

/** Samples the 1-minute load average every 5 s until stopped. */
export function sampleLoad(): { stop(): LoadAverage } {
  const values = [loadavg()[0]!];
  const timer = setInterval(() => values.push(loadavg()[0]!), 5000);
  timer.unref();
  const r2 = (n: number) => Math.round(n * 100) / 100;
  return {
    stop() {
      clearInterval(timer);
      values.push(loadavg()[0]!);
      return {
        atStart: r2(values[0]!),
        mean: r2(values.reduce((a, b) => a + b, 0) / values.length),
        max: r2(Math.max(...values)),
        samples: values.length,
      };
    },
  };
}
