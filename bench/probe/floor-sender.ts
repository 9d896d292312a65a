/**
 * The floor (bench:probe, child process): keeps the probe's open-loop schedule and does
 * nothing else: no payload, no broker I/O. How late it reaches each slot is what this
 * machine gives any open-loop sender under the same load, so the probe's send delay is
 * judged as a ratio to it. Started ahead of time (Node's start-up must not land inside
 * the measured run); prints "ready", then reads one line "<rate> <seconds>" on stdin,
 * runs, and prints its result as one JSON line. It runs at the probe's sender-thread
 * priority (lib/probe/priority.ts), so that the two are judged on the same terms.
 */
import { createInterface } from 'node:readline';
import { niceFor, OpenLoopSchedule, setThreadNice } from '@/lib/probe';
import { newLatencyHistogram } from '@/lib/samples';
import { nowUs } from './common';

export interface FloorResult {
  count: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

function run(rate: number, seconds: number): Promise<FloorResult> {
  const delays = newLatencyHistogram();
  const schedule = new OpenLoopSchedule(nowUs(), rate);
  const total = Math.floor(rate * seconds);
  let next = 0;
  return new Promise((resolve) => {
    // The probe's timer logic: a 1 ms tick sends everything that has come due since the last.
    const ticker = setInterval(() => {
      const due = Math.min(schedule.dueBy(nowUs()), total);
      for (; next < due; next += 1)
        delays.recordValue(Math.max(0, Math.round(nowUs() - schedule.intendedUs(next))));
      if (next >= total) {
        clearInterval(ticker);
        resolve({
          count: delays.totalCount,
          p50Us: delays.getValueAtPercentile(50),
          p99Us: delays.getValueAtPercentile(99),
          p999Us: delays.getValueAtPercentile(99.9),
          maxUs: delays.maxValue,
        });
      }
    }, 1);
  });
}

setThreadNice(niceFor('raised', 'sender'), 'floor sender');
const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  const [rate, seconds] = line.trim().split(/\s+/).map(Number);
  if (!(rate! > 0) || !(seconds! > 0)) {
    console.error(`floor: expected "<rate> <seconds>", got "${line}"`);
    process.exit(2);
  }
  void run(rate!, seconds!).then((r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`, () => process.exit(0));
  });
});
console.log('ready');
