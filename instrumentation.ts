/**
 * Runs once when the server starts: a bad variable stops it with a message naming the
 * variable, and the server's own feeds (metrics, replay) start before the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { validateConfigOrExit } = await import('./lib/config/startup');
    validateConfigOrExit();
    // Before the first request: the SSE per-client limit keys on the address this appends.
    const { appendPeerToForwardedFor } = await import('./lib/kafka');
    appendPeerToForwardedFor();
    const { startServerFeeds } = await import('./lib/ingest');
    await startServerFeeds();
  }
}
