export { ParityLedger, type LedgerOptions, type Observation } from './ledger';
export { addTotals, diffTotals, readTotals } from './totals';
export { formatEta, progress, type Progress } from './progress';
export { ParityRuns, type ParityPoint } from './runs';
export {
  emptyTotals,
  PARITY_HISTORY_POINTS,
  parityRunKey,
  SIDES,
  type Offender,
  type ParityProblem,
  type ParityTotals,
  type PerSide,
  type Side,
} from './types';
export {
  DEFAULT_PARITY_TOPIC,
  decodeParity,
  encodeParity,
  PARITY_PREFIX,
  PARITY_WILDCARD,
  paritySubject,
  parityMessageSchema,
  type ParityMessage,
  type ParityReport,
} from './protocol';
