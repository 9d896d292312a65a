import { LatencyAggregator } from '@/lib/latency';
import { decodeSample } from '@/lib/samples';
import type { Recording } from './types';

/** How far back a seek rebuilds the e2e figures (ms): the charts' longest period. */
export const HISTORY_MS = 3_600_000;
/** The newest e2e windows (ms) a seek sends as they were, not merged (probe ids, the probe filter). */
export const RAW_E2E_MS = 60_000;
/** The probes' own windows (send delay, publish) a seek sends (ms): the seconds they keep. */
export const RAW_PROBE_MS = 120_000;
/** Merged histories kept for positions tabs landed on (a shared link opens many at once). */
const CACHED_HISTORIES = 16;

/** What a tab is sent first when it lands on a position, before the replay moves on. */
export interface Lookback {
  /**
   * The e2e windows older than about RAW_E2E_MS within HISTORY_MS, merged as the server's
   * history (lib/latency/history.ts), or null when there are none.
   */
  historyText: string | null;
  /** Indices into recording.messages sent as they were, oldest first. */
  raw: number[];
}

/**
 * What a tab needs to show the figures of the period before a position, as if it had
 * been watching: an hour of e2e windows merged into one history message (cheap to send
 * and to merge), then the last minute of e2e windows, two minutes of the probes' own
 * windows and every parity report of the hour as recorded. The merged part ends on a
 * whole second, so tabs landing within the same second share one merge.
 */
export class Lookbacks {
  private readonly histories = new Map<number, string | null>();

  constructor(private readonly recording: Recording) {}

  at(positionMs: number): Lookback {
    const { messages, kinds } = this.recording;
    const boundaryMs = Math.max(0, Math.floor((positionMs - RAW_E2E_MS) / 1000) * 1000);
    const raw: number[] = [];
    let anyMerged = false;
    for (let i = 0; i < messages.length; i++) {
      const t = messages[i]!.t;
      if (t > positionMs) break;
      const age = positionMs - t;
      if (age > HISTORY_MS) continue;
      const kind = kinds[i];
      if (kind === 'e2e') {
        if (t > boundaryMs) raw.push(i);
        else anyMerged = true;
      } else if (kind === 'parity' || (kind === 'probe' && age <= RAW_PROBE_MS)) raw.push(i);
    }
    return { historyText: anyMerged ? this.history(boundaryMs) : null, raw };
  }

  private history(boundaryMs: number): string | null {
    if (this.histories.has(boundaryMs)) {
      const text = this.histories.get(boundaryMs)!;
      // Most recently used last.
      this.histories.delete(boundaryMs);
      this.histories.set(boundaryMs, text);
      return text;
    }
    const text = mergeHistory(this.recording, boundaryMs);
    this.histories.set(boundaryMs, text);
    if (this.histories.size > CACHED_HISTORIES)
      this.histories.delete(this.histories.keys().next().value!);
    return text;
  }
}

/** The e2e windows recorded in (boundaryMs - HISTORY_MS, boundaryMs], merged and encoded. */
function mergeHistory(recording: Recording, boundaryMs: number): string | null {
  const { messages, kinds, startMs } = recording;
  // Each window is merged at the time it arrived, as the server's history would have been.
  let clockMs = startMs;
  const aggregator = new LatencyAggregator({ now: () => clockMs });
  let merged = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.t > boundaryMs) break;
    if (kinds[i] !== 'e2e' || boundaryMs - m.t > HISTORY_MS) continue;
    clockMs = startMs + m.t;
    try {
      aggregator.ingest(decodeSample(m.d), 'kafka', clockMs);
      merged += 1;
    } catch {
      // A window the decoder refuses is refused by the tab too; it adds nothing here.
    }
  }
  clockMs = startMs + boundaryMs;
  return merged > 0 ? aggregator.exportHistory() : null;
}
