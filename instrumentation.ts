/**
 * Validates the configuration when the server starts, so a bad variable stops it with
 * a message naming the variable instead of failing on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { validateConfigOrExit } = await import('./lib/config/startup');
    validateConfigOrExit();
  }
}
