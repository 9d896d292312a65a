export { formatPercent, formatUsd, formatUsdPerMillion } from './format';
export { measuredRate, workloadRatePerSecond } from './measured';
export {
  costPerMillionUsd,
  DAYS_PER_MONTH,
  messagesPerMonth,
  MONTHS_PER_YEAR,
  nodesNeeded,
  reportedSaving,
  saving,
  scenario,
  scenarioBackend,
  scenarios,
  SECONDS_PER_MONTH,
} from './model';
export type { BackendCostInput, MeasuredRate, Saving, ScenarioBackend, ScenarioRow } from './types';
