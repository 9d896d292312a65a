import type { CostConfig } from '@/lib/config';
import type { BackendCostInput, Saving, ScenarioBackend, ScenarioRow } from './types';

// Convention: a month is 30.44 days (365.25 / 12, to two decimals) and a year is 12 such
// months, so a steady rate's monthly message count is the same whichever month it is.
export const DAYS_PER_MONTH = 30.44;
export const SECONDS_PER_MONTH = DAYS_PER_MONTH * 86_400;
export const MONTHS_PER_YEAR = 12;

/** Messages carried in a month at a steady ratePerSecond (msg/s). */
export function messagesPerMonth(ratePerSecond: number): number {
  return ratePerSecond * SECONDS_PER_MONTH;
}

/**
 * USD per million messages when a backend costing monthlyUsd carries a steady
 * ratePerSecond (msg/s). Null when the rate is 0, negative or not a number: nothing was
 * carried, so there is no per-message price.
 */
export function costPerMillionUsd(monthlyUsd: number, ratePerSecond: number): number | null {
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) return null;
  return monthlyUsd / (messagesPerMonth(ratePerSecond) / 1_000_000);
}

/** What moving from fromMonthlyUsd to toMonthlyUsd saves per month, per year and as a share. */
export function saving(fromMonthlyUsd: number, toMonthlyUsd: number): Saving {
  const monthlyUsd = fromMonthlyUsd - toMonthlyUsd;
  return {
    monthlyUsd,
    yearlyUsd: monthlyUsd * MONTHS_PER_YEAR,
    percent: fromMonthlyUsd > 0 ? (100 * monthlyUsd) / fromMonthlyUsd : 0,
  };
}

/** The saving the case study reports: its Kafka monthly cost against its NATS one. */
export function reportedSaving(cost: Pick<CostConfig, 'kafka' | 'nats'>): Saving {
  return saving(cost.kafka.monthlyUsd, cost.nats.monthlyUsd);
}

/**
 * Nodes a backend needs for ratePerSecond (msg/s) under the model: never fewer than the
 * reported cluster (replication and quorum need them), and one more node per
 * maxThroughputPerNodePerSecond beyond that. No headroom is added.
 */
export function nodesNeeded(backend: BackendCostInput, ratePerSecond: number): number {
  const forRate =
    ratePerSecond > 0 ? Math.ceil(ratePerSecond / backend.maxThroughputPerNodePerSecond) : 0;
  return Math.max(backend.nodes, forRate);
}

/**
 * A backend's monthly cost (USD) at ratePerSecond under the model: cost scales linearly
 * with nodes needed, each node costing the reported monthlyUsd / nodes.
 */
export function scenarioBackend(backend: BackendCostInput, ratePerSecond: number): ScenarioBackend {
  const nodes = nodesNeeded(backend, ratePerSecond);
  const monthlyUsd = (nodes * backend.monthlyUsd) / backend.nodes;
  return { nodes, monthlyUsd, costPerMillionUsd: costPerMillionUsd(monthlyUsd, ratePerSecond) };
}

/** Both backends sized for ratePerSecond (msg/s), and the saving of Kafka → NATS there. */
export function scenario(
  cost: Pick<CostConfig, 'kafka' | 'nats'>,
  ratePerSecond: number,
  origin: ScenarioRow['origin'] = 'config',
): ScenarioRow {
  const kafka = scenarioBackend(cost.kafka, ratePerSecond);
  const nats = scenarioBackend(cost.nats, ratePerSecond);
  return { ratePerSecond, origin, kafka, nats, saving: saving(kafka.monthlyUsd, nats.monthlyUsd) };
}

/**
 * The "what if" table: the config's scenario rates, plus the measured rate (msg/s) when
 * there is one, in rate order.
 */
export function scenarios(
  cost: Pick<CostConfig, 'kafka' | 'nats' | 'scenarioRatesPerSecond'>,
  measuredRatePerSecond: number | null,
): ScenarioRow[] {
  const rows = cost.scenarioRatesPerSecond.map((r) => scenario(cost, r));
  if (measuredRatePerSecond !== null && measuredRatePerSecond > 0)
    rows.push(scenario(cost, measuredRatePerSecond, 'measured'));
  return rows.sort((a, b) => a.ratePerSecond - b.ratePerSecond);
}
