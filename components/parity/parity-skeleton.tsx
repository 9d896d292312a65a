import { CardSkeleton, ChartSkeleton, Skeleton, TableSkeleton } from '@/components/skeleton';

/** The parity page's shape while it loads: progress, problems per side, history, offenders. */
export function ParitySkeleton() {
  return (
    <Skeleton label="Loading shadow parity" testId="parity-loading">
      <CardSkeleton lines={3} title="w-56" />
      <TableSkeleton rows={8} columns={3} />
      <ChartSkeleton />
      <TableSkeleton rows={3} columns={4} />
    </Skeleton>
  );
}
