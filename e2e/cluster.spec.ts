import { expect, test } from '@playwright/test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { uniqueId } from '@/lib/testing/stack';
import { E2E_GROUP } from '../playwright.config';
import { config, openDashboard, Publisher } from './helpers';

let nc: NatsConnection;
test.beforeAll(async () => {
  nc = await connect({ servers: config.natsServers, user: config.natsUser, pass: config.natsPass });
});
test.afterAll(async () => {
  await nc.close();
});

test('cluster - the single-node stack shows as what it is: one standalone node leading the stream, one broker that is the controller', async ({
  page,
}) => {
  // The e2e server watches its consumer group's stream: this test makes it, with 7 messages.
  const id = uniqueId('cluster');
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(E2E_GROUP.stream).catch(() => undefined);
  await jsm.streams.add({ name: E2E_GROUP.stream, subjects: [`e2e.cluster.${id}.>`] });
  const js = jetstream(nc);
  for (let i = 0; i < 7; i++) await js.publish(`e2e.cluster.${id}.x`, `m${i}`);
  // And a sample on Kafka, so its samples topic exists whatever ran before.
  const publisher = await Publisher.open();
  await publisher.kafka('nats', 'not a sample: only creates the topic');
  await publisher.close();

  // What the node itself says it is.
  const monitorUrl = config.natsMonitorUrls[0]!;
  const varz = (await (await fetch(`${monitorUrl}/varz`)).json()) as {
    server_id: string;
    server_name: string;
    version: string;
  };

  await openDashboard(page);
  await page.getByRole('link', { name: 'Cluster', exact: true }).click();
  await expect(page).toHaveURL(/\/cluster$/);

  const nodes = page.getByTestId('nats-node');
  await expect(nodes).toHaveCount(1);
  const node = nodes.first();
  await expect(node).toHaveAttribute('data-name', varz.server_name || varz.server_id);
  await expect(node).toHaveAttribute('data-up', 'true');
  await expect(node).toHaveAttribute('data-roles', `standalone,stream-leader:${E2E_GROUP.stream}`);
  await expect(node).toContainText(varz.version);
  await expect(node).toContainText(monitorUrl);
  await expect(page.getByTestId('nats-note')).toHaveText(
    'single node: N=1, no cluster and no replicas; losing this node stops JetStream',
  );
  await expect(page.getByTestId('nats-cluster')).toContainText(`${E2E_GROUP.stream} R1, 7 msgs`);

  const brokers = page.getByTestId('kafka-broker');
  await expect(brokers).toHaveCount(1);
  await expect(brokers.first()).toHaveAttribute('data-up', 'true');
  await expect(brokers.first()).toHaveAttribute('data-controller', 'true');
  await expect(brokers.first()).toContainText(config.kafkaBrokers[0]!);
  await expect(page.getByTestId('kafka-note')).toContainText('single node: N=1');
  const samples = page.getByTestId(`kafka-topic-${config.samplesTopic}`);
  await expect(samples).toHaveAttribute('data-found', 'true');
  await expect(samples.getByTestId('kafka-partition').first()).toHaveAttribute('data-isr', '1');

  // One replica is what the single node is configured for: healthy, and the gate agrees.
  await expect(page.getByTestId('cluster-verdict')).toHaveAttribute('data-verdict', 'healthy');
  await expect(page.getByTestId('cluster-evidence-nats')).toHaveText(
    `${E2E_GROUP.stream} R1 on ${varz.server_name || varz.server_id}; 1/1 node up`,
  );
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  const check = page.getByTestId('gate-cluster');
  await expect(check).toHaveAttribute('data-state', 'pass');
  await expect(check).toContainText(`NATS: ${E2E_GROUP.stream} R1 on`);
  await expect(check.getByRole('link')).toHaveAttribute('href', '/cluster');

  // Without the stream there is no evidence: the check is not a pass.
  await jsm.streams.delete(E2E_GROUP.stream);
  await expect(check).toHaveAttribute('data-state', 'unknown');
  await expect(check).toContainText(`stream ${E2E_GROUP.stream} not found`);
});
