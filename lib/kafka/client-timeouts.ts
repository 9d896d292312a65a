/**
 * How long a producer waits for a broker to answer a request before it drops the
 * connection and retries, on another broker when the request is a metadata refresh
 * (patches/@platformatic+kafka+1.35.0.patch). @platformatic/kafka's own default is
 * 30 s, and every send waits on the metadata refresh due every metadataMaxAge (5 s): a
 * broker that accepts connections but answers nothing (frozen, SIGSTOP) then held every
 * send for as long as it was frozen, although another broker led the partition written.
 *
 * Above the produce request's own timeout (the client's `timeout`, 5 s), which a broker
 * answers within when acks=all waits for replicas, so the client never gives up on a
 * produce the broker is about to answer. A frozen broker costs a send this plus the
 * retry delay (1 s): a follower frozen 20 s left a producer 7.1 s without an acknowledged
 * send, where it was 17.0 s (the rest of the freeze).
 */
export const PRODUCER_REQUEST_TIMEOUT_MS = 6_000;

/**
 * The same for a consumer (the dashboard's SampleHub, the probe's KafkaConsumers): every
 * fetch waits on the metadata refresh due every metadataMaxAge (5 s), so a frozen first
 * seed held a consumer's fetches from a partition other brokers hold for the rest of the
 * freeze.
 *
 * Above the longest a broker legitimately holds a consumer's other requests: a fetch's
 * maxWaitTime (the dashboard's 100 ms, the probe's 5 ms; keep any new one below this), an
 * offset commit's offsets.commit.timeout.ms (5 s, while the offsets' replicas catch up).
 * JoinGroup and SyncGroup, which wait for the group's other members up to its rebalance
 * timeout, keep the client's 30 s default at least (patches/@platformatic+kafka+1.35.0.patch,
 * connection.js). A frozen first seed costs a consumer this plus the retry delay: 20 s
 * frozen left the dashboard 6.2 s and the probe 7.1 s without a message, where both went
 * 15.6-16.3 s (until it woke up).
 */
export const CONSUMER_REQUEST_TIMEOUT_MS = 6_000;

/**
 * The same for the admin clients that poll (the migration monitor's group lags, the
 * failover drill's leadership): metadata, offsets and group descriptions, which a broker
 * answers at once. With the client's 30 s default a hung broker stopped their polls for
 * 30 s; patched, a timed-out request is retried on another broker.
 */
export const ADMIN_REQUEST_TIMEOUT_MS = 6_000;
