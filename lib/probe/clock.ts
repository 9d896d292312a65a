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

/**
 * Reads an anchor on this thread, for another thread of the process to share its clock.
 * nowUs is read between two readings of the monotonic clock, a few times, and the
 * tightest pair is kept (its midpoint): a thread preempted between two reads would
 * otherwise put its error, up to milliseconds on a busy machine, into every latency.
 */
export function clockAnchor(): ClockAnchor {
  let best: ClockAnchor = { wallUs: 0, monotonicNs: 0n };
  let tightest = Infinity;
  for (let k = 0; k < 16; k += 1) {
    const before = process.hrtime.bigint();
    const wallUs = nowUs();
    const after = process.hrtime.bigint();
    const gap = Number(after - before);
    if (gap < tightest) {
      tightest = gap;
      best = { wallUs, monotonicNs: before + (after - before) / 2n };
    }
  }
  return best;
}

/**
 * nowUs of the thread that took the anchor, read from another thread: the anchor plus the
 * process's monotonic clock since. The monotonic clock is one for the process, so a sender
 * thread stamps send times, and a consumer thread arrival times, on exactly the clock the
 * plan was made on. (Not this thread's own performance.now(): each thread's timeOrigin is
 * its own start, and combining two clocks read one after the other in a thread that has
 * just started and is busy loading modules put milliseconds of error into the arrivals:
 * end-to-end latencies of 0 µs through a 3-node JetStream cluster.)
 */
export function anchoredClock(anchor: ClockAnchor): () => number {
  const { wallUs, monotonicNs } = anchor;
  return () => wallUs + Math.round(Number(process.hrtime.bigint() - monotonicNs) / 1000);
}
