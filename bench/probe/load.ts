import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

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

/** Where the machine's CPU went during one step: cores busy, out of how many. */
export interface CpuUse {
  /** Cores on the machine. */
  cores: number;
  /** Cores' worth of CPU used by everything, from /proc/stat (cores × busy fraction). */
  busy: number;
  /** Cores' worth used by this process (the probe and its threads, in the bench process). */
  probe: number;
  /** Cores' worth used by each broker process (its pid file from scripts/stack-up.sh). */
  nats: number | null;
  kafka: number | null;
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/** All cores' busy and total jiffies, from the first line of /proc/stat. */
function machineJiffies(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const n = fields.map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** A process's user + system jiffies, from /proc/<pid>/stat; null when it is not there. */
function processJiffies(pidFile: string): number | null {
  try {
    const pid = readFileSync(pidFile, 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis; utime and stime are 14th and 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return null;
  }
}

/**
 * Measures CPU from now until stop(): whether the machine had a core to spare, and who
 * used them. Linux only (/proc); elsewhere the broker figures are null.
 */
export function meterCpu(runDir = '.cutover/run'): { stop(): CpuUse } {
  const t0 = performance.now();
  const m0 = machineJiffies();
  const p0 = process.cpuUsage();
  const n0 = processJiffies(`${runDir}/nats.pid`);
  const k0 = processJiffies(`${runDir}/kafka.pid`);
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const m1 = machineJiffies();
      const p = process.cpuUsage(p0);
      const n1 = processJiffies(`${runDir}/nats.pid`);
      const k1 = processJiffies(`${runDir}/kafka.pid`);
      const c = cpus().length;
      const r2 = (x: number) => Math.round(x * 100) / 100;
      const broker = (a: number | null, b: number | null) =>
        a === null || b === null ? null : r2((b - a) / TICKS_PER_S / seconds);
      return {
        cores: c,
        busy: m0 && m1 ? r2(((m1.busy - m0.busy) / (m1.total - m0.total)) * c) : 0,
        probe: r2((p.user + p.system) / 1e6 / seconds),
        nats: broker(n0, n1),
        kafka: broker(k0, k1),
      };
    },
  };
}
