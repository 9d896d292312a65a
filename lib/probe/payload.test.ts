import { describe, expect, it } from 'vitest';
import { deviceId, deviceIds, sensorPayload, type SensorPayload } from './payload';

describe('probe - sensor payload', () => {
  it('is byte for byte JSON.stringify of the case study struct', () => {
    const unit = (k: 0 | 1 | 2) => [0.1, 0.7, 0.999][k]!;
    for (const metrics of [0, 1, 4, 128]) {
      const bytes = sensorPayload('0a1b'.repeat(8), 1764165600123.5, metrics, unit);
      const expected: SensorPayload = {
        device_id: '0a1b'.repeat(8),
        timestamp: new Date(1764165600123.5).toISOString(),
        temperature: 22.5 + 0.1 * 5,
        humidity: 45 + 0.7 * 20,
        pressure: 1013 + 0.999 * 10,
        metrics: Array.from({ length: metrics }, (_, i) => i * 0.1),
      };
      expect(Buffer.from(bytes).toString()).toBe(JSON.stringify(expected));
    }
    // 128 metrics: the case study's 1.39 KB, with Go's float formatting (0.30000000000000004).
    const text = Buffer.from(sensorPayload(deviceId(0), Date.now())).toString();
    expect(text).toContain('0.30000000000000004');
    expect(text.length).toBeGreaterThan(1300);
  });

  it('gives each device number the same 16-byte hex id wherever it is computed', () => {
    expect(deviceId(7)).toMatch(/^[0-9a-f]{32}$/);
    expect(deviceId(7)).toBe(deviceIds(8)[7]);
    expect(new Set(deviceIds(1000)).size).toBe(1000);
  });
});
