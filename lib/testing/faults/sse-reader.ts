import { setTimeout as sleep } from 'node:timers/promises';
import { createParser } from 'eventsource-parser';

export interface SseEvent {
  event: string;
  data: string;
  atMs: number;
}

/**
 * Reads an SSE route and timestamps every named event; reconnects after a second, as
 * EventSource does, when the server goes away.
 */
export function sseReader(url: string): { events: SseEvent[]; close: () => void } {
  const events: SseEvent[] = [];
  const controller = new AbortController();
  void (async () => {
    while (!controller.signal.aborted) {
      const parser = createParser({
        onEvent: ({ event, data }) => {
          if (event) events.push({ event, data, atMs: Date.now() });
        },
      });
      try {
        const res = await fetch(url, { signal: controller.signal });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        for (let r = await reader.read(); !r.done; r = await reader.read())
          parser.feed(decoder.decode(r.value, { stream: true }));
      } catch {
        // the server is restarting, or we were closed
      }
      await sleep(1000);
    }
  })();
  return { events, close: () => controller.abort() };
}

export const sseAfter = (events: SseEvent[], fromMs: number, match: (e: SseEvent) => boolean) =>
  events.find((e) => e.atMs >= fromMs && match(e));
