import { CardSkeleton, Skeleton, TableSkeleton } from '@/components/skeleton';

/** The groups page's shape while it loads: the migration's phase, the board, the phase history. */
export function GroupsSkeleton() {
  return (
    <Skeleton label="Loading the consumer groups" testId="groups-loading">
      <CardSkeleton lines={2} title="w-48" />
      <TableSkeleton rows={8} columns={6} />
      <TableSkeleton rows={3} columns={5} />
    </Skeleton>
  );
}
