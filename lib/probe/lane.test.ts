import { describe, expect, it } from 'vitest';
import { addUnsentRanges } from './lane';

describe('addUnsentRanges', () => {
  it('merges ranges that touch and keeps the others apart, in the order they came', () => {
    const into: number[] = [];
    addUnsentRanges(into, [3, 5]);
    addUnsentRanges(into, [5, 9, 12, 13]);
    addUnsentRanges(into, [1, 2]);
    expect(into).toEqual([3, 9, 12, 13, 1, 2]);
  });

  it('ignores an odd trailing number', () => {
    const into: number[] = [];
    addUnsentRanges(into, [4, 6, 8]);
    expect(into).toEqual([4, 6]);
  });
});
