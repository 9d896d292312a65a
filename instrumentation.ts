/**
 * Validates the configuration when the server starts, so a bad variable stops it with
 * a message naming the variable instead of failing on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { ConfigError, serverConfig } = await import('./lib/config');
  try {
    serverConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
