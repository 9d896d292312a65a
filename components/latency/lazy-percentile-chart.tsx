'use client';

import dynamic from 'next/dynamic';
import type { ComponentProps } from 'react';
import type { PercentileChart } from './percentile-chart';

const load = () => import('./percentile-chart').then((m) => m.PercentileChart);

// Fetch the chart's chunk as soon as the page runs, not when the first window arrives,
// so the first chart isn't waiting on it; it stays out of the first-load JavaScript.
if (typeof window !== 'undefined') void load();

const Chart = dynamic(load, { ssr: false });

/**
 * PercentileChart with recharts split out of the page's first-load JavaScript (most of
 * the 428 KB gz it was). Keeps the chart's height while the chunk loads, so nothing jumps.
 */
export function LazyPercentileChart(props: ComponentProps<typeof PercentileChart>) {
  return (
    <div className={(props.scale ?? 'log') === 'log' ? 'h-96 w-full' : 'h-80 w-full'}>
      <Chart {...props} />
    </div>
  );
}
