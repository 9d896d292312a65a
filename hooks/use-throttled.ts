'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * The value as of at most every intervalMs: expensive widgets (charts, heatmaps) redraw
 * a few times a second while cheap ones (the numbers) follow every frame. A pending update
 * is never pushed back by newer values, only handed the newest: re-arming the timer on
 * every change starved it on a busy page, and the first chart never appeared.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    latest.current = value;
    if (pending.current !== undefined) return;
    pending.current = setTimeout(
      () => {
        pending.current = undefined;
        last.current = Date.now();
        setShown(latest.current);
      },
      Math.max(0, last.current + intervalMs - Date.now()),
    );
  }, [value, intervalMs]);
  useEffect(() => {
    const timer = pending;
    return () => {
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, []);
  return shown;
}
