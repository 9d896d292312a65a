/**
 * Wall-clock time in microseconds with sub-millisecond resolution. Producer and
 * consumer run in one process, so both ends of a latency use the same clock.
 */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
