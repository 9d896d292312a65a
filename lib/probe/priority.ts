import { setPriority } from 'node:os';

/**
 * Where the probe's threads sit in the OS scheduler.
 *   raised  (default) sender threads at nice -10, consumer threads at nice -5;
 *   normal  every thread at the process's own priority.
 *
 * Why: on a machine whose cores are busy (the brokers beside the probe, the probe's own
 * consumers and ledger), a sender thread that wakes for its 1 ms tick waits for a core, and
 * that wait is in its send delay and so in every e2e figure. Measured at 5,000 msg/s on 2
 * cores beside both brokers: send delay p99 76 / 28 ms (Kafka / NATS lane) at normal
 * priority, 6.7 / 6.2 ms at nice -10. Consumers are raised less: they time each arrival,
 * but a consumer that takes cores from the brokers makes the brokers slower.
 *
 * Linux keeps a nice value per thread, and setpriority(PRIO_PROCESS, 0) (os.setPriority
 * with no pid) sets the calling thread's alone, so a worker raises only itself. Going
 * below 0 needs root or CAP_SYS_NICE; without it the thread stays where it is and says so.
 */
export type PriorityMode = 'raised' | 'normal';

export const PRIORITY_MODES: readonly PriorityMode[] = ['raised', 'normal'];

const RAISED = { sender: -10, consumer: -5 } as const;

/** The nice value a thread of this kind runs at in this mode (0: left as it is). */
export function niceFor(mode: PriorityMode, thread: keyof typeof RAISED): number {
  return mode === 'raised' ? RAISED[thread] : 0;
}

/**
 * Sets the calling thread's nice value; true when it took. A refusal (no privilege, not
 * Linux) is logged once by the thread and is not an error: the probe runs, later.
 */
export function setThreadNice(nice: number, label: string): boolean {
  if (nice === 0) return true;
  try {
    setPriority(nice);
    return true;
  } catch (err) {
    // libuv's error arrives as ERR_SYSTEM_ERROR with the errno name in `info.code`.
    const e = err as NodeJS.ErrnoException & { info?: { code?: string } };
    const code = e.info?.code ?? e.code ?? String(err);
    console.error(
      `probe: ${label} stays at normal priority (nice ${nice} needs root or CAP_SYS_NICE: ${code}); on a busy machine its timings include waiting for a core`,
    );
    return false;
  }
}
