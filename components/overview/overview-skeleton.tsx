import {
  CardSkeleton,
  ChartSkeleton,
  ControlsSkeleton,
  Skeleton,
  TransportStripSkeleton,
} from '@/components/skeleton';

/** The overview's shape while it loads: headline, transports, both backends, gate / parity / phase, chart. */
export function OverviewSkeleton() {
  return (
    <Skeleton label="Loading the overview" testId="overview-loading">
      <ControlsSkeleton />
      <TransportStripSkeleton />
      <div className="grid gap-4 md:grid-cols-2">
        <CardSkeleton lines={4} title="w-24" />
        <CardSkeleton lines={4} title="w-24" />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <CardSkeleton lines={5} title="w-32" />
        <CardSkeleton lines={3} title="w-28" />
        <CardSkeleton lines={3} title="w-36" />
      </div>
      <ChartSkeleton />
    </Skeleton>
  );
}
