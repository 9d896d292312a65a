export { ParityLedger, type LedgerOptions, type Observation } from './ledger';
export { addTotals, diffTotals, readTotals } from './totals';
export { formatEta, progress, type Progress } from './progress';
export {
  emptyTotals,
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
  PARITY_WILDCARD,
  paritySubject,
  parityMessageSchema,
  type ParityMessage,
  type ParityReport,
} from './protocol';
