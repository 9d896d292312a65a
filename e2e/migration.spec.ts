import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { encodeParity, emptyTotals, paritySubject } from '@/lib/parity';
import { encodeRawWindow } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { E2E_BUCKET, E2E_GROUP, E2E_LEDGER, e2eConfigFile } from '../playwright.config';
import { config, openDashboard, Publisher } from './helpers';

let nc: NatsConnection;
let admin: Admin;
test.beforeAll(async () => {
  nc = await connect({ servers: config.natsServers, user: config.natsUser, pass: config.natsPass });
  admin = new Admin({ clientId: 'e2e-migration', bootstrapBrokers: config.kafkaBrokers });
});
test.afterAll(async () => {
  await admin.close();
  await nc.close();
});

/** Runs `npm run cutover -- …` against the e2e config, as a person would. */
async function cutover(...args: string[]) {
  return promisify(execFile)('node', ['--import', 'tsx', 'scripts/cutover.ts', ...args], {
    env: { ...process.env, CUTOVER_CONFIG: e2eConfigFile },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

test('migration - a phase change made with the CLI shows on the board and in its history; an impossible one is refused', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await (await new Kvm(nc).open(E2E_BUCKET)).destroy().catch(() => undefined);

  const ok = await cutover('set', 'shadowing', '--why', 'e2e: PoC signed off', '--who', 'e2e-bot');
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  const refused = await cutover('group', E2E_GROUP.name, 'cut-over', '--why', 'too soon');
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(
    `refused (skips_phase): group ${E2E_GROUP.name} cannot go from kafka-only to cut-over: one step at a time (next: shadow)`,
  );

  await page.goto('/groups');
  await expect(page.getByTestId('migration-phase')).toHaveAttribute('data-phase', 'shadowing');
  await expect(page.getByTestId('migration-phase-record')).toContainText(
    'e2e-bot: e2e: PoC signed off',
  );
  const history = page.getByTestId('phase-history');
  await expect(history).toContainText('migration: proof-of-concept → shadowing');
  await expect(history.getByRole('row')).toHaveCount(2); // header + the one accepted change
  await expect(page.getByTestId(`group-${E2E_GROUP.name}`)).toHaveAttribute(
    'data-phase',
    'kafka-only',
  );
});

test('migration - the go/no-go gate flips to GO as the test satisfies each condition', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const probe = uniqueId('gate');
  const topic = `e2e-gate-${probe}`;
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(E2E_GROUP.stream).catch(() => undefined);
  await admin.deleteGroups({ groups: [E2E_GROUP.kafkaGroupId] }).catch(() => undefined);

  await openDashboard(page);
  const verdict = page.getByTestId('gate-verdict');
  await expect(verdict).toHaveText('NO-GO');
  for (const id of ['sla', 'parity', 'groups'])
    await expect(page.getByTestId(`gate-${id}`)).toHaveAttribute('data-state', 'unknown');

  // 1. The target backend within the SLA, every second, on both transports (so both are fresh).
  const publisher = await Publisher.open();
  const publishSecond = async () => {
    const windowStartMs = Math.floor(Date.now() / 1000) * 1000;
    const meta = {
      backend: 'nats',
      probeId: probe,
      windowStartMs,
      windowEndMs: windowStartMs + 1000,
      errors: 0,
      bytes: 0,
    };
    const text = encodeRawWindow(
      meta,
      Array.from({ length: 200 }, (_, i) => 2000 + i * 200),
    );
    await publisher.nats('nats', probe, text);
    await publisher.kafka('nats', text);
  };
  await publishSecond();
  const ticker = setInterval(() => void publishSecond().catch(() => undefined), 1000);
  try {
    await expect(page.getByTestId('gate-sla')).toHaveAttribute('data-state', 'pass', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('gate-fresh')).toHaveAttribute('data-state', 'pass');
    await expect(verdict).toHaveText('NO-GO');

    // 2. Parity: short of the target first, then at it with nothing wrong.
    const report = (matched: number, ledger = E2E_LEDGER) =>
      encodeParity({
        probeId: probe,
        ledger,
        atMs: Date.now(),
        target: 1000,
        inFlight: 0,
        totals: { ...emptyTotals(), shadowed: matched, matched },
        ratePerSecond: 100,
        etaSeconds: matched >= 1000 ? 0 : 6,
        offenders: [],
      });
    // Another ledger at its target (a scratch run) is no evidence for this migration.
    nc.publish(paritySubject(probe), report(1000, `scratch-${probe}`));
    await expect(page.getByTestId('gate-parity')).toContainText(
      `no parity progress received for ledger ${E2E_LEDGER}`,
    );
    nc.publish(paritySubject(probe), report(400));
    await expect(page.getByTestId('gate-parity')).toHaveAttribute('data-state', 'fail');
    nc.publish(paritySubject(probe), report(1000));
    await expect(page.getByTestId('gate-parity')).toHaveAttribute('data-state', 'pass');
    await expect(verdict).toHaveText('NO-GO');

    // 3. The group: 1,500 messages behind on Kafka (over the 1,000 threshold), 3 pending on JetStream.
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    const producer = new Producer({
      clientId: 'e2e-gate',
      bootstrapBrokers: config.kafkaBrokers,
      serializers: stringSerializers,
    });
    await producer.send({
      messages: Array.from({ length: 1500 }, (_, i) => ({ topic, key: 'k', value: `m${i}` })),
    });
    await producer.close();
    const commit = (offset: bigint) =>
      admin.alterConsumerGroupOffsets({
        groupId: E2E_GROUP.kafkaGroupId,
        topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset }] }],
      });
    await commit(0n);
    await jsm.streams.add({ name: E2E_GROUP.stream, subjects: [`e2e.gate.${probe}.>`] });
    const js = jetstream(nc);
    for (let i = 0; i < 3; i++) await js.publish(`e2e.gate.${probe}.x`, `m${i}`);
    await jsm.consumers.add(E2E_GROUP.stream, {
      durable_name: E2E_GROUP.durable,
      ack_policy: AckPolicy.Explicit,
    });

    await expect(page.getByTestId('gate-groups')).toHaveAttribute('data-state', 'fail');
    await expect(page.getByTestId('gate-groups')).toContainText('Kafka lag 1,500');
    await expect(verdict).toHaveText('NO-GO');

    // The consumer catches up: the last condition holds and the gate says GO.
    await commit(1500n);
    await expect(page.getByTestId('gate-groups')).toHaveAttribute('data-state', 'pass');
    await expect(verdict).toHaveText('GO');
    await expect(verdict).toHaveAttribute('data-go', 'true');

    // The board shows the same evidence.
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await expect(page.getByTestId(`lag-${E2E_GROUP.name}`)).toHaveAttribute('data-value', '0');
    await expect(page.getByTestId(`pending-${E2E_GROUP.name}`)).toHaveAttribute('data-value', '3');
  } finally {
    clearInterval(ticker);
    await publisher.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
});
