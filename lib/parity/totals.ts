import { emptyTotals, SIDES, type ParityTotals, type PerSide } from './types';

const PER_SIDE = ['mismatches', 'missing', 'duplicates', 'unknown', 'late', 'unsent'] as const;

function combine(
  a: ParityTotals,
  b: ParityTotals,
  op: (x: number, y: number) => number,
): ParityTotals {
  const out = emptyTotals();
  out.shadowed = op(a.shadowed, b.shadowed);
  out.matched = op(a.matched, b.matched);
  for (const k of PER_SIDE) for (const s of SIDES) out[k][s] = op(a[k][s], b[k][s]);
  return out;
}

/**
 * What changed from `before` to `after`, field by field. Negative where a count went down:
 * a late copy takes its message off `missing`.
 */
export function diffTotals(after: ParityTotals, before: ParityTotals): ParityTotals {
  return combine(after, before, (x, y) => x - y);
}

/**
 * `base` with `delta` added, field by field. A count never goes below zero: a ledger reset
 * by another probe meanwhile must not leave a negative total behind.
 */
export function addTotals(base: ParityTotals, delta: ParityTotals): ParityTotals {
  return combine(base, delta, (x, y) => Math.max(0, x + y));
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

/**
 * Totals from persisted JSON of any version: a field a probe of an older version did not
 * write (`late`, `unsent`) or could not have written reads as zero.
 */
export function readTotals(raw: unknown): ParityTotals {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out = emptyTotals();
  out.shadowed = count(r.shadowed);
  out.matched = count(r.matched);
  for (const k of PER_SIDE) {
    const side = (typeof r[k] === 'object' && r[k] !== null ? r[k] : {}) as Partial<PerSide>;
    for (const s of SIDES) out[k][s] = count(side[s]);
  }
  return out;
}
