/**
 * Wall-clock time in microseconds with sub-millisecond resolution. Producer and
 * consumer run in one process, so both ends of a latency use the same clock.
 */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** One instant read on two clocks: this thread's nowUs and the process's monotonic clock. */
export interface ClockAnchor {
  wallUs: number;
  monotonicNs: bigint;
}

/** Reads an anchor on this thread, for another thread of the process to share its clock. */
export function clockAnchor(): ClockAnchor {
  return { wallUs: nowUs(), monotonicNs: process.hrtime.bigint() };
}

/**
 * nowUs of the thread that took the anchor, read from another thread. Each thread's
 * performance.timeOrigin is its own start, read off the wall clock at a different moment
 * (and NTP may have slewed it in between); the monotonic clock is one for the process.
 * So a sender thread stamps send times on exactly the clock the consumers measure with.
 */
export function anchoredClock(anchor: ClockAnchor): () => number {
  const offsetUs =
    anchor.wallUs +
    Number(process.hrtime.bigint() - anchor.monotonicNs) / 1000 -
    performance.now() * 1000;
  return () => Math.round(performance.now() * 1000 + offsetUs);
}
