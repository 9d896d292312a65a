'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * The value as of at most every intervalMs: expensive widgets (charts, heatmaps) redraw
 * a few times a second while cheap ones (the numbers) follow every frame.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const last = useRef(0);
  useEffect(() => {
    latest.current = value;
    const wait = last.current + intervalMs - Date.now();
    const t = setTimeout(
      () => {
        last.current = Date.now();
        setShown(latest.current);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(t);
  }, [value, intervalMs]);
  return shown;
}
