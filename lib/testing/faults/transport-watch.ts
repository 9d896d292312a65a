import type { Page } from '@playwright/test';

// What the page's transport strips showed during a fault, timestamped in the page.

/** One change of a transport's status strip: its state or its window count. */
export interface TransportEvent {
  transport: 'nats' | 'kafka';
  state: string;
  windows: number;
  atMs: number;
}

/** Starts recording, in the page, every change of both transports' status strips (25 ms poll). */
export async function watchTransports(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __transportEvents: TransportEvent[] };
    w.__transportEvents = [];
    const last: Record<string, string> = {};
    setInterval(() => {
      for (const transport of ['nats', 'kafka'] as const) {
        const el = document.querySelector(`[data-testid="transport-${transport}"]`);
        if (!el) continue;
        const state = el.getAttribute('data-state') ?? '';
        const windows = Number(
          /([\d,]+) windows/.exec(el.textContent ?? '')?.[1]?.replace(/,/g, ''),
        );
        const key = `${state}|${windows}`;
        if (last[transport] === key) continue;
        last[transport] = key;
        w.__transportEvents.push({ transport, state, windows, atMs: Date.now() });
      }
    }, 25);
  });
}

export async function transportEvents(page: Page): Promise<TransportEvent[]> {
  return page.evaluate(
    () => (window as unknown as { __transportEvents: TransportEvent[] }).__transportEvents,
  );
}

/** First event of `transport` at or after `fromMs` that matches. */
export function firstAfter(
  events: TransportEvent[],
  transport: TransportEvent['transport'],
  fromMs: number,
  match: (e: TransportEvent) => boolean,
): TransportEvent | undefined {
  return events.find((e) => e.transport === transport && e.atMs >= fromMs && match(e));
}

/** When the page counted its first new window on `transport` after `fromMs`. */
export function dataAfter(
  events: TransportEvent[],
  transport: TransportEvent['transport'],
  fromMs: number,
): TransportEvent | undefined {
  const before = events.filter((e) => e.transport === transport && e.atMs < fromMs).at(-1);
  return firstAfter(events, transport, fromMs, (e) => e.windows > (before?.windows ?? 0));
}
