import { describe, expect, it } from 'vitest';
import { formatLatencyUs, formatRate } from './format';

describe('latency - format', () => {
  it.each([
    [850, '850 µs'],
    [3421, '3.42 ms'],
    [42_130, '42.1 ms'],
    [187_000, '187 ms'],
    [Number.NaN, '—'],
  ])('%d µs reads %s', (us, text) => expect(formatLatencyUs(us)).toBe(text));

  it('groups thousands', () => expect(formatRate(10_000)).toBe('10,000 msg/s'));
});
