'use client';

import { useEffect, useMemo, useRef } from 'react';
import { HEATMAP_LABELS, type SeriesPoint } from '@/lib/latency';

interface Props {
  backend: string;
  points: SeriesPoint[];
  /** Width of one column in ms (1 s or 1 min). */
  stepMs: number;
}

const ROW_PX = 14;

/**
 * Latency distribution over time: one column per slot, one row per latency bin, colour
 * by message count (log scale). Canvas, not SVG: a 1-hour view is thousands of cells.
 * The peak cell is exposed as data attributes for tests and screen readers.
 */
export function Heatmap({ backend, points, stepMs }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = HEATMAP_LABELS.length;
  const peak = useMemo(() => {
    let best = { slot: -1, bin: -1, count: 0 };
    for (const p of points)
      p.bins.forEach((c, bin) => c > best.count && (best = { slot: p.slotStartMs, bin, count: c }));
    return best;
  }, [points]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const width = el.clientWidth;
    const dpr = window.devicePixelRatio || 1;
    el.width = width * dpr;
    el.height = rows * ROW_PX * dpr;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, rows * ROW_PX);
    if (points.length === 0) return;
    const first = points[0]!.slotStartMs;
    const last = points[points.length - 1]!.slotStartMs;
    const cols = Math.max(1, Math.round((last - first) / stepMs) + 1);
    const colW = width / cols;
    const max = Math.log1p(peak.count || 1);
    for (const p of points) {
      const x = ((p.slotStartMs - first) / stepMs) * colW;
      p.bins.forEach((count, bin) => {
        if (count === 0) return;
        const t = Math.log1p(count) / max;
        ctx.fillStyle = `hsla(${200 - 160 * t}, 90%, ${30 + 30 * t}%, ${0.25 + 0.75 * t})`;
        ctx.fillRect(x, (rows - 1 - bin) * ROW_PX, Math.max(1, colW - 0.5), ROW_PX - 1);
      });
    }
  }, [points, peak, rows, stepMs]);

  return (
    <figure className="flex gap-2" aria-label={`${backend} latency heatmap`}>
      <div
        className="flex w-16 shrink-0 flex-col whitespace-nowrap text-right text-[10px] leading-[14px] text-slate-500"
        aria-hidden
      >
        {[...HEATMAP_LABELS].reverse().map((l) => (
          <span key={l}>{l}</span>
        ))}
      </div>
      <canvas
        ref={canvas}
        className="h-[168px] w-full"
        role="img"
        aria-label={
          peak.count
            ? `${backend}: most messages (${peak.count}) at ${HEATMAP_LABELS[peak.bin]} in the slot starting ${new Date(peak.slot).toISOString()}`
            : `${backend}: no data`
        }
        data-testid={`heatmap-${backend}`}
        data-peak-slot={peak.slot}
        data-peak-bin={peak.bin}
        data-peak-count={peak.count}
      />
    </figure>
  );
}
