import { setTimeout as sleep } from 'node:timers/promises';

export interface SseEvent {
  event: string;
  data: string;
  atMs: number;
}

/**
 * Reads an SSE route and timestamps every event; reconnects after a second, as EventSource
 * does, when the server goes away.
 */
export function sseReader(url: string): { events: SseEvent[]; close: () => void } {
  const events: SseEvent[] = [];
  const controller = new AbortController();
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(url, { signal: controller.signal });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let i;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
            if (event) events.push({ event, data, atMs: Date.now() });
          }
        }
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
