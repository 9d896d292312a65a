export { parseConfig, serverConfig } from './env';
export { ConfigError } from './types';
export type { PublicConfig, ServerConfig } from './types';
export { configFilePath, loadMigrationConfig, type MigrationConfig } from './file';
