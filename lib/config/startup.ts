import { ConfigError } from './types';
import { serverConfig } from './env';
import { loadMigrationConfig } from './file';

/**
 * Stops the process with a message naming each bad variable or config-file field;
 * called once at server start.
 */
export function validateConfigOrExit(): void {
  try {
    serverConfig();
    loadMigrationConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
