import { card, muted } from '@/components/ui';
import type { CostConfig } from '@/lib/config';
import { DAYS_PER_MONTH, formatUsd, MONTHS_PER_YEAR } from '@/lib/cost';
import { formatRate } from '@/lib/latency';

/** How every derived figure on the cost page is computed, in words, next to the figures. */
export function ModelAssumptions({ cost }: { cost: CostConfig }) {
  const { kafka, nats } = cost;
  return (
    <section className={card} aria-labelledby="model-heading" data-testid="model-assumptions">
      <h2 id="model-heading" className="text-lg font-semibold">
        The model behind the derived figures
      </h2>
      <ul className={`mt-2 list-disc space-y-1 pl-5 text-sm ${muted}`}>
        <li>
          A month is {DAYS_PER_MONTH} days and a year {MONTHS_PER_YEAR} months. Cost per million
          messages = monthly cost ÷ (rate × seconds per month ÷ 1,000,000), as if the rate held all
          month.
        </li>
        <li>
          Saving = Kafka&apos;s monthly cost − NATS&apos;s, as a share of Kafka&apos;s. The headline
          saving uses the reported costs only.
        </li>
        <li>
          Other rates (marked <em>model</em>): a cluster needs max(reported nodes, ⌈rate ÷ max
          throughput per node⌉) nodes, and costs that many × the reported monthly cost per node:{' '}
          {formatUsd(kafka.monthlyUsd / kafka.nodes)} for Kafka,{' '}
          {formatUsd(nats.monthlyUsd / nats.nodes)} for NATS. No headroom, replication overhead or
          volume discount is added; the per-node throughputs (
          {formatRate(kafka.maxThroughputPerNodePerSecond)} and{' '}
          {formatRate(nats.maxThroughputPerNodePerSecond)}) are taken as reported, so the reported
          clusters carry up to {formatRate(kafka.nodes * kafka.maxThroughputPerNodePerSecond)}{' '}
          (Kafka) and {formatRate(nats.nodes * nats.maxThroughputPerNodePerSecond)} (NATS) before
          the model adds a node.
        </li>
        <li>
          The measured rate is the messages counted by the latency windows (the probe&apos;s
          traffic, or a recording&apos;s when replaying) over the covered part of the selected
          window. The measured row of the table prices the higher of the two backends&apos; rates:
          in a shadow run both carry the same messages.
        </li>
      </ul>
    </section>
  );
}
