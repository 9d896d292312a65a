/**
 * The probe and the brokers on separate cores, to tell whose limit the sweep hits on a
 * machine they share: with taskset (util-linux), the brokers' threads go to every core but
 * the last and the probe's (this process's, and the threads it starts after) to the last.
 * What the probe then achieves is what one core of its own gives it; whether it or the
 * brokers ran out of CPU shows in each side's cores used.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { log } from './common';

export interface CoreSplit {
  /** The CPUs the probe ran on, and the brokers, as taskset lists them. */
  probeCpus: string;
  brokerCpus: string;
}

function pidOf(file: string): number | null {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** Every thread of `pid` on the CPUs `list` ("0", "0-1"); false when taskset refused. */
function pin(pid: number, list: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-c', '-p', list, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `measure` with the brokers (pid files in runDir) on CPUs 0..n-2 and this process on
 * CPU n-1, and puts every thread back on all CPUs afterwards. Null, saying why, on a
 * machine of one core, without taskset or without a broker's pid file.
 */
export async function onSeparateCores<T>(
  measure: () => Promise<T>,
  runDir = '.cutover/run',
): Promise<(T & CoreSplit) | null> {
  const n = cpus().length;
  const brokers = [pidOf(`${runDir}/nats.pid`), pidOf(`${runDir}/kafka.pid`)];
  if (n < 2 || brokers.includes(null)) {
    log(`  separate cores: skipped (${n} core(s), broker pids ${brokers.join(', ')})`);
    return null;
  }
  const all = `0-${n - 1}`;
  const split: CoreSplit = { probeCpus: String(n - 1), brokerCpus: n > 2 ? `0-${n - 2}` : '0' };
  const pids = brokers as number[];
  try {
    const pinned =
      pids.every((pid) => pin(pid, split.brokerCpus)) && pin(process.pid, split.probeCpus);
    if (!pinned) {
      log('  separate cores: skipped (taskset refused; is util-linux installed?)');
      return null;
    }
    return { ...(await measure()), ...split };
  } finally {
    for (const pid of [...pids, process.pid]) pin(pid, all);
  }
}
