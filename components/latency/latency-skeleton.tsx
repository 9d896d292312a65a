import {
  ChartSkeleton,
  ControlsSkeleton,
  Skeleton,
  TableSkeleton,
  TransportStripSkeleton,
} from '@/components/skeleton';

/** The latency page's shape while it loads: summary table, probe figures, percentiles, heatmaps. */
export function LatencySkeleton() {
  return (
    <Skeleton label="Loading the latency page" testId="latency-loading">
      <ControlsSkeleton />
      <TransportStripSkeleton />
      <TableSkeleton rows={2} columns={9} />
      <TableSkeleton rows={2} columns={7} />
      <ChartSkeleton height="h-80" />
      <ChartSkeleton height="h-40" />
    </Skeleton>
  );
}
