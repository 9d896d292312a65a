export {
  buildBundle,
  bundleToCsv,
  type BundleInput,
  type EvidenceBundle,
  type EvidenceSlot,
  type Percentiles,
} from './bundle';
export { recomputePeriod } from './import';
