import type { Connector, ConnectorAccount, PlatformEndpoints } from './contract.js';
import { createFacebookConnector } from './facebook/index.js';
import { createInstagramConnector } from './instagram/index.js';
import { createXConnector } from './x/index.js';
import { createYouTubeConnector } from './youtube/index.js';

/** One factory per supported platform. */
const FACTORIES: Record<string, (account: ConnectorAccount, endpoints: PlatformEndpoints) => Connector> = {
  facebook: createFacebookConnector,
  instagram: createInstagramConnector,
  x: createXConnector,
  youtube: createYouTubeConnector,
};

/** The platforms `createConnector` can build connectors for. */
export const SUPPORTED_PLATFORMS = Object.freeze(Object.keys(FACTORIES));

/**
 * Builds the connector for an account's platform. `endpoints` redirects the SDKs (the emulator in
 * tests and the demo; defaults are the real APIs). Throws a plain Error for an unknown platform:
 * that is a configuration mistake, not a platform failure.
 */
export function createConnector(account: ConnectorAccount, endpoints: PlatformEndpoints = {}): Connector {
  const factory = Object.hasOwn(FACTORIES, account.platform) ? FACTORIES[account.platform] : undefined;
  if (!factory) {
    throw new Error(`No connector for platform "${String(account.platform)}" (supported: ${SUPPORTED_PLATFORMS.join(', ')})`);
  }
  return factory(account, endpoints);
}
