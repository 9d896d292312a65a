'use client';

import { useLive } from '@/hooks/use-live';
import { formatClockOffset } from '@/lib/latency';

/**
 * Probes whose windows this page refuses for their dates (clock_skew, too_old) or whose
 * clock is off by more than the tolerance: named, with the offset, so a wrong clock is
 * fixed at the probe instead of blamed on a broker. Nothing when every clock agrees.
 */
export function ProbeClocks() {
  const { figures, config } = useLive();
  const off = figures
    .probeClocks()
    .filter((c) => c.refused > 0 || Math.abs(c.aheadMs) > config.skewToleranceMs);
  if (off.length === 0) return null;
  return (
    <ul
      className="rounded-lg border border-amber-400/60 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
      aria-label="probe clocks"
      data-testid="probe-clocks"
    >
      {off.slice(0, 5).map((c) => (
        <li key={c.probe} data-testid={`probe-clock-${c.probe}`}>
          probe <strong>{c.probe}</strong> is {formatClockOffset(c.aheadMs)} this page&apos;s clock
          {c.refused > 0
            ? ` · ${c.refused.toLocaleString('en-US')} window${c.refused === 1 ? '' : 's'} refused`
            : ''}
        </li>
      ))}
      {off.length > 5 && <li>and {off.length - 5} more probes</li>}
    </ul>
  );
}
