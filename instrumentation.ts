/**
 * Runs once when the server starts: a bad variable stops it with a message naming the
 * variable, and the server's own feeds (metrics, replay) start before the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { validateConfigOrExit } = await import('./lib/config/startup');
    validateConfigOrExit();
    const { startServerFeeds } = await import('./lib/ingest');
    await startServerFeeds();
  }
}
