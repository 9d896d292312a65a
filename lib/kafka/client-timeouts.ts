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
 * Producers only: a consumer's JoinGroup waits for the rebalance, which takes longer.
 */
export const PRODUCER_REQUEST_TIMEOUT_MS = 6_000;
