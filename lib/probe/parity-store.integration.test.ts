import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { emptyTotals } from '@/lib/parity';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { ParityStore } from '.';

const config = stackConfig();
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: config.natsServers, user: config.natsUser, pass: config.natsPass });
});
afterAll(async () => {
  await nc.close();
});

describe('probe - parity ledger persisted in JetStream KV', () => {
  it('several probes saving one ledger at once lose no update', async () => {
    const ledger = uniqueId('cas').replace('-', '');
    const probes = await Promise.all(Array.from({ length: 6 }, () => ParityStore.open(nc, ledger)));
    try {
      for (const p of probes) expect(await p.load()).toEqual(emptyTotals());
      // Each probe saves its own growing totals every round, all of them at the same moment.
      for (let round = 1; round <= 3; round += 1) {
        await Promise.all(
          probes.map((p, i) =>
            p.save({
              ...emptyTotals(),
              shadowed: 100 * round,
              matched: 100 * round - i,
              missing: { kafka: i, nats: 0 },
            }),
          ),
        );
      }
      expect(await probes[0]!.load()).toMatchObject({
        shadowed: 6 * 300,
        matched: 6 * 300 - (0 + 1 + 2 + 3 + 4 + 5),
        missing: { kafka: 0 + 1 + 2 + 3 + 4 + 5, nats: 0 },
      });
    } finally {
      await probes[0]!.reset();
    }
  });

  it('a probe continuing a ledger adds to what another probe saved meanwhile', async () => {
    const ledger = uniqueId('cas').replace('-', '');
    const [a, b] = await Promise.all([ParityStore.open(nc, ledger), ParityStore.open(nc, ledger)]);
    try {
      await a!.load();
      await a!.save({ ...emptyTotals(), shadowed: 10, matched: 10 });
      // b starts from a's 10, then a saves again before b does.
      const restored = await b!.load();
      expect(restored.shadowed).toBe(10);
      await a!.save({ ...emptyTotals(), shadowed: 15, matched: 15 });
      await b!.save({ ...restored, shadowed: 17, matched: 16 });
      expect(await a!.load()).toMatchObject({ shadowed: 22, matched: 21 });
    } finally {
      await a!.reset();
    }
  });
});
