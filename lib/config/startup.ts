import { ConfigError } from './types';
import { serverConfig } from './env';

/** Stops the process with a message naming each bad variable; called once at server start. */
export function validateConfigOrExit(): void {
  try {
    serverConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
