'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { VIEW_WINDOWS_MS, type ViewWindow } from '@/lib/latency';
import { ID_PATTERN } from '@/lib/samples';

export interface ViewParams {
  window: ViewWindow;
  /** Show one probe only (null: all). */
  probe: string | null;
  paused: boolean;
  tv: boolean;
}

/** Parses the view from a URL query; anything unknown falls back to the default. */
export function parseView(
  q: { get(name: string): string | null },
  defaultWindow: ViewWindow,
): ViewParams {
  const w = q.get('window');
  return {
    window: w && w in VIEW_WINDOWS_MS ? (w as ViewWindow) : defaultWindow,
    probe: ID_PATTERN.test(q.get('probe') ?? '') ? q.get('probe') : null,
    paused: q.get('paused') === '1',
    tv: q.get('tv') === '1',
  };
}

/** The page's view state lives in the URL, so a link reproduces exactly what was on screen. */
export function useViewParams(
  defaultWindow: ViewWindow,
): [ViewParams, (change: Partial<ViewParams>) => void] {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = parseView(search, defaultWindow);
  const update = useCallback(
    (change: Partial<ViewParams>) => {
      const next = new URLSearchParams(search.toString());
      const merged = { ...parseView(search, defaultWindow), ...change };
      next.set('window', merged.window);
      if (merged.probe) next.set('probe', merged.probe);
      else next.delete('probe');
      if (merged.paused) next.set('paused', '1');
      else next.delete('paused');
      if (merged.tv) next.set('tv', '1');
      else next.delete('tv');
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [search, router, pathname, defaultWindow],
  );
  return [view, update];
}
