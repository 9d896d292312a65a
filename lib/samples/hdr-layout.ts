/**
 * HdrHistogram's counts-array layout for one (lowestDiscernibleValue, significant digits): the
 * index ↔ value arithmetic, exactly as the Java reference computes it, without a histogram.
 * The decoder validates an encoding against this before it allocates anything.
 */
export interface HdrLayout {
  /** floor(log2(lowestDiscernibleValue)). */
  unitMagnitude: number;
  /** log2 of half the sub-buckets per bucket. */
  subBucketHalfCountMagnitude: number;
  /** Half the sub-buckets per bucket: every bucket but the first adds this many entries. */
  subBucketHalfCount: number;
}

// ceil(log2(2 × 10^digits)) − 1 for digits 0..5 (HdrHistogram's subBucketHalfCountMagnitude):
// a table, not floating-point logs, so it is exact.
const HALF_COUNT_MAGNITUDE = [0, 4, 7, 10, 14, 17] as const;

// Powers of two by exponent: `2 ** e` with a variable exponent is a slow call in V8.
const POW2 = Array.from({ length: 64 }, (_, e) => 2 ** e);

/** Largest significant-digit count HdrHistogram accepts. */
export const MAX_SIGNIFICANT_DIGITS = 5;

/**
 * The layout of a histogram with this lowestDiscernibleValue (≥ 1) and these significant
 * digits (0..5); null where HdrHistogram's own constructor would refuse them.
 */
export function hdrLayout(lowestDiscernibleValue: bigint, digits: number): HdrLayout | null {
  if (lowestDiscernibleValue < 1n || !Number.isInteger(digits)) return null;
  const subBucketHalfCountMagnitude = HALF_COUNT_MAGNITUDE[digits];
  if (subBucketHalfCountMagnitude === undefined) return null;
  const unitMagnitude = lowestDiscernibleValue.toString(2).length - 1;
  // Java: "Cannot represent numberOfSignificantValueDigits worth of values beyond lowestDiscernibleValue".
  if (unitMagnitude + subBucketHalfCountMagnitude > 61) return null;
  return {
    unitMagnitude,
    subBucketHalfCountMagnitude,
    subBucketHalfCount: 2 ** subBucketHalfCountMagnitude,
  };
}

/**
 * Counts-array length HdrHistogram allocates for highestTrackableValue (Java's
 * getBucketsNeededToCoverValue and getLengthForNumberOfBuckets, in exact 64-bit arithmetic).
 */
export function countsLengthFor(layout: HdrLayout, highestTrackableValue: bigint): number {
  let smallestUntrackable =
    1n << BigInt(layout.subBucketHalfCountMagnitude + 1 + layout.unitMagnitude);
  let buckets = 1;
  while (smallestUntrackable <= highestTrackableValue) {
    if (smallestUntrackable > 2n ** 62n - 1n) {
      buckets += 1;
      break;
    }
    smallestUntrackable <<= 1n;
    buckets += 1;
  }
  return (buckets + 1) * layout.subBucketHalfCount;
}

/**
 * The lowest value (in the histogram's unit) counted at a counts-array index. Exact while
 * below 2^53; larger values, which no latency reaches, come out rounded.
 */
export function valueAtIndex(layout: HdrLayout, index: number): number {
  let bucket = Math.floor(index / layout.subBucketHalfCount) - 1;
  let subBucket = (index % layout.subBucketHalfCount) + layout.subBucketHalfCount;
  if (bucket < 0) {
    subBucket -= layout.subBucketHalfCount;
    bucket = 0;
  }
  return subBucket * POW2[bucket + layout.unitMagnitude]!;
}

/** The counts-array index of a value in [0, 2^32) (the decoder's values are at most one hour in µs). */
export function indexOfValue(layout: HdrLayout, value: number): number {
  const log2 = value < 1 ? 0 : 31 - Math.clz32(value);
  const bucket = Math.max(log2 - layout.subBucketHalfCountMagnitude - layout.unitMagnitude, 0);
  const subBucket = Math.floor(value / POW2[bucket + layout.unitMagnitude]!);
  return (bucket + 1) * layout.subBucketHalfCount + subBucket - layout.subBucketHalfCount;
}

/** The highest value counted at the same index as `value` (in [0, 2^32)). */
export function highestEquivalentValue(layout: HdrLayout, value: number): number {
  const index = indexOfValue(layout, value);
  const bucket = Math.max(Math.floor(index / layout.subBucketHalfCount) - 1, 0);
  return valueAtIndex(layout, index) + POW2[bucket + layout.unitMagnitude]! - 1;
}
