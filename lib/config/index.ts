export { parseConfig, serverConfig } from './env';
export { ConfigError } from './types';
export type { PublicConfig, ServerConfig } from './types';
export {
  configFilePath,
  loadMigrationConfig,
  parseMigrationConfig,
  probeGroups,
  type ConsumerGroupConfig,
  type CostConfig,
  type GateConfig,
  type MigrationConfig,
  type ReportedBackend,
} from './file';
