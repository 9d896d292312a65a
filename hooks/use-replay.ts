'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import {
  replayController,
  type ReplayController,
  type ReplayInfo,
  type ReplayState,
} from '@/lib/replay';

const none = () => () => {};

/** A tab's replay and its controls; null when the page is live. */
export interface ReplayHandle {
  state: ReplayState;
  controller: ReplayController;
}

/**
 * The tab's replay (lib/replay/controller.ts): its clock and stream, from the position
 * in the URL when the tab opened, and the controls that move it. Every caller shares one;
 * while any is mounted the URL follows the position and the board reads the recording
 * there.
 */
export function useReplay(info: ReplayInfo | null): ReplayHandle | null {
  const search = useSearchParams();
  const pathname = usePathname();
  // The server renders from the request's URL as the browser's first render does, so the
  // page hydrates at the same position; only the browser keeps one for the tab.
  const controller = useMemo(
    () => (info ? replayController(info, search.toString()) : null),
    // The URL is read once: afterwards the controller writes it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [info],
  );
  const state = useSyncExternalStore(
    controller?.subscribe ?? none,
    () => controller?.snapshot ?? null,
    () => controller?.snapshot ?? null,
  );
  useEffect(() => controller?.attach(), [controller]);
  // A navigation drops the query: put the position back.
  useEffect(() => controller?.writeUrl(), [controller, pathname]);
  return controller && state ? { state, controller } : null;
}
