export {
  buildBundle,
  bundleToCsv,
  recomputePeriod,
  type BundleInput,
  type EvidenceBundle,
  type EvidenceSlot,
  type Percentiles,
} from './bundle';
