import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrationConfig, parseMigrationConfig } from '.';

function write(json: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cutover-cfg-')), 'cutover.json');
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

describe('config - migration file', () => {
  it('reads the shipped file', () => {
    const c = loadMigrationConfig('config/cutover.json');
    expect(c.parity.target).toBe(10_000_000);
    expect(c.consumerGroups.length).toBeGreaterThan(0);
  });

  it('names the file and field that is wrong', () => {
    const file = write({
      parity: { target: -1 },
      consumerGroups: [{ name: 'Bad Name', language: 'go' }],
    });
    expect(() => loadMigrationConfig(file)).toThrow(/parity\.target/);
    expect(() => loadMigrationConfig(file)).toThrow(/consumerGroups\.0\.name/);
  });

  it('refuses duplicate group names and broken JSON', () => {
    const dup = write({
      parity: {},
      consumerGroups: [
        { name: 'a', language: 'go' },
        { name: 'a', language: 'rust' },
      ],
    });
    expect(() => loadMigrationConfig(dup)).toThrow(/unique/);
    expect(() => loadMigrationConfig(write('{'))).toThrow(/cutover\.json/);
  });
});

describe('config - cost section', () => {
  const shipped = JSON.parse(readFileSync('config/cutover.json', 'utf8')) as {
    cost: { nats: Record<string, unknown> };
  };
  function withNats(nats: Record<string, unknown>) {
    return { ...shipped, cost: { ...shipped.cost, nats } };
  }

  it('rejects a negative monthly cost, naming the field', () => {
    const file = write(withNats({ ...shipped.cost.nats, monthlyUsd: -1 }));
    expect(() => loadMigrationConfig(file)).toThrow(/cost\.nats\.monthlyUsd/);
  });

  it('rejects a missing monthly cost, naming the field', () => {
    const nats = { ...shipped.cost.nats };
    delete nats.monthlyUsd;
    expect(() => parseMigrationConfig(withNats(nats))).toThrow(/config: cost\.nats\.monthlyUsd/);
  });

  it('accepts a config without a cost section', () => {
    const rest: Partial<typeof shipped> = { ...shipped };
    delete rest.cost;
    expect(parseMigrationConfig(rest).cost).toBeUndefined();
  });
});
