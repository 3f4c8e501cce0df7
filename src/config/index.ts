export { loadConfig, ConfigError, DEFAULT_CONFIG_FILE, type Config, type ConfigIssue, type DbProvider } from './load.js';
export { configSchema } from './schema.js';
export { childEnvironment, debugRequested } from './env.js';
