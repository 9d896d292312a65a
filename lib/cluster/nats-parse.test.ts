import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MonitorResponseInvalid, parseJsz, parseVarz } from '.';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8'));

describe('cluster - NATS monitoring answers', () => {
  it('reads a single server without a name or cluster as its id, standalone', () => {
    const v = parseVarz(fixture('single-varz.json'));
    expect(v.serverName).toBe(v.serverId);
    expect(v).toMatchObject({ version: '2.11.17', cluster: null, routes: 0, jetstream: true });
    const j = parseJsz(fixture('single-jsz.json'));
    expect(j.meta).toBeNull();
    const s = j.streams.find((x) => x.name === 'FIXTURE_SENSORS')!;
    expect(s).toMatchObject({ account: '$G', replicas: 1, messages: 5, leader: v.serverId });
    expect(s.peers).toEqual([]);
  });

  it('reads a cluster node: its name, routes, the meta leader and each stream group', () => {
    const v = parseVarz(fixture('cluster-n3-varz.json'));
    expect(v).toMatchObject({ serverName: 'cutover-n3', cluster: 'cutover', jetstream: true });
    expect(v.routes).toBeGreaterThan(0);
    const j = parseJsz(fixture('cluster-n3-jsz.json'));
    expect(j.meta).toMatchObject({ cluster: 'cutover', leader: 'cutover-n3', size: 3 });
    expect(j.meta!.peers.map((p) => [p.name, p.current])).toEqual([
      ['cutover-n1', true],
      ['cutover-n2', true],
    ]);
    const s = j.streams.find((x) => x.name === 'IOT_SENSORS')!;
    expect(s).toMatchObject({ replicas: 3, leader: 'cutover-n3' });
    expect(s.leaderSinceMs).toBeGreaterThan(1_700_000_000_000);
    expect(s.peers.every((p) => p.current && p.lag === 0 && p.activeMs < 5000)).toBe(true);
  });

  it('refuses an answer that is not a monitoring endpoint, naming the field', () => {
    expect(() => parseVarz({ hello: 'world' })).toThrow(MonitorResponseInvalid);
    expect(() => parseVarz({ ...(fixture('single-varz.json') as object), mem: 'lots' })).toThrow(
      /\/varz: mem/,
    );
    expect(() => parseJsz({ server_id: 'x', account_details: [{ stream_detail: [{}] }] })).toThrow(
      /\/jsz: account_details\.0\.name/,
    );
  });
});
