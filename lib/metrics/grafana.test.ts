import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '.';

describe('metrics - Grafana dashboard', () => {
  it('queries only metrics that /api/metrics exposes', async () => {
    const dashboard = JSON.parse(readFileSync('docs/grafana/cutover-dashboard.json', 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const exposition = await createMetrics(120).registry.metrics();
    const names = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => t.expr.match(/cutover_[a-z0-9_]+/g) ?? []),
    );
    expect(names.length).toBeGreaterThan(5);
    for (const name of new Set(names))
      expect(exposition, name).toContain(`# TYPE ${name.replace(/_(bucket|count|sum)$/, '')} `);
  });
});
