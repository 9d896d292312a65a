export { parseConfig, serverConfig } from './env';
export { ConfigError } from './types';
export type { PublicConfig, ServerConfig } from './types';
