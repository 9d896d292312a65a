import type { PhaseChange } from '@/lib/migration/types';
import type { Recording, ReplayInfo, ReplayMarker } from './types';

/**
 * Where a phase change sits in the recording (ms since its start): when it was made
 * (sinceMs), or when the recorder saw it if that falls outside the recording.
 */
export function phasePositionMs(
  recording: Recording,
  line: { t: number; change: PhaseChange },
): number {
  const at = line.change.sinceMs - recording.startMs;
  return at >= 0 && at <= recording.durationMs ? at : line.t;
}

/** The moments the timeline marks: phase changes, faults, cluster events, gate verdict flips. */
export function timelineMarkers(recording: Recording): ReplayMarker[] {
  const markers: ReplayMarker[] = [];
  for (const line of recording.phases) {
    const c = line.change;
    markers.push({
      positionMs: phasePositionMs(recording, line),
      kind: 'phase',
      label: c.scope === 'migration' ? c.phase : `${c.group}: ${c.phase}`,
      detail: `${c.scope === 'migration' ? 'migration' : c.group} ${c.from ?? '—'} → ${c.phase} by ${c.who}: ${c.why}`,
    });
  }
  for (const f of recording.faults)
    markers.push({
      positionMs: f.t,
      kind: 'fault',
      label: f.kind,
      detail: `${f.backend ? `${f.backend}: ` : ''}${f.detail}`,
    });
  for (const c of recording.cluster)
    markers.push({
      positionMs: c.t,
      kind: 'cluster',
      label: `${c.event.backend} ${c.event.kind}`,
      detail: c.event.detail,
    });
  let go: boolean | null = null;
  for (const g of recording.gates) {
    // The first verdict is marked only if it is GO; after that, every flip.
    if (g.go !== go && (go !== null || g.go))
      markers.push({
        positionMs: g.t,
        kind: 'gate',
        label: g.go ? 'GO' : 'NO-GO',
        detail: g.checks.map((c) => `${c.id}: ${c.state}`).join(', '),
      });
    go = g.go;
  }
  return markers.sort((a, b) => a.positionMs - b.positionMs);
}

/** What the replay controls of every page are rendered with. */
export function replayInfo(recording: Recording, defaultSpeed: number): ReplayInfo {
  return {
    version: recording.header.v,
    recordedAt: recording.header.recordedAt,
    startMs: recording.startMs,
    durationMs: recording.durationMs,
    defaultSpeed,
    note: recording.header.note ?? null,
    board: hasBoard(recording),
    markers: timelineMarkers(recording),
  };
}

/** True when the recording carries the consumer-group board. */
export function hasBoard(recording: Recording): boolean {
  return recording.header.v === 2 && (recording.header.groups?.length ?? 0) > 0;
}

/** Index of the last item with t <= positionMs, or -1 (items in time order). */
export function lastAtOrBefore(items: readonly { t: number }[], positionMs: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.t <= positionMs) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
