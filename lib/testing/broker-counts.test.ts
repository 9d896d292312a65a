import { describe, expect, it } from 'vitest';
import { sumEndOffsets } from './broker-counts';

describe('sumEndOffsets', () => {
  it('adds the end offsets of the topic and nothing else', () => {
    const out = 'iot-sensor-v1:0:10\niot-sensor-v1:1:32\nother:0:999\n\niot-sensor-v1:2:0\n';
    expect(sumEndOffsets(out, 'iot-sensor-v1')).toBe(42);
  });

  it('keeps topics whose names contain colons apart from the partition', () => {
    expect(sumEndOffsets('a:b:3:7\n', 'a:b')).toBe(7);
  });

  it('refuses output that names no partition of the topic', () => {
    expect(() => sumEndOffsets('Error: unknown topic\n', 'iot-sensor-v1')).toThrow(/no partitions/);
  });
});
