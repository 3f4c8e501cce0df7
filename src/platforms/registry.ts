import type { Platform } from '../core/platform.js';
import type { Connector, ConnectorAccount, PlatformEndpoints } from './contract.js';
import { createFacebookConnector } from './facebook/index.js';
import { createInstagramConnector } from './instagram/index.js';
import { createXConnector } from './x/index.js';
import { createYouTubeConnector } from './youtube/index.js';

/** Builds the connector of one platform for one account. */
export type ConnectorFactory = (account: ConnectorAccount, endpoints: PlatformEndpoints) => Connector;

/** One factory per supported platform: keyed by `Platform`, so a platform without a connector fails to compile. */
const FACTORIES = {
  facebook: createFacebookConnector,
  instagram: createInstagramConnector,
  x: createXConnector,
  youtube: createYouTubeConnector,
} as const satisfies Record<Platform, ConnectorFactory>;

/** The platforms `createConnector` can build connectors for. */
export const SUPPORTED_PLATFORMS = Object.freeze(Object.keys(FACTORIES));

/**
 * Builds the connector for an account's platform. `endpoints` redirects the SDKs (the emulator in
 * tests and the demo; defaults are the real APIs). Throws a plain Error for an unknown platform:
 * that is a configuration mistake, not a platform failure.
 */
export function createConnector(account: ConnectorAccount, endpoints: PlatformEndpoints = {}): Connector {
  const factory: ConnectorFactory | undefined = Object.hasOwn(FACTORIES, account.platform) ? FACTORIES[account.platform as Platform] : undefined;
  if (!factory) {
    throw new Error(`No connector for platform "${String(account.platform)}" (supported: ${SUPPORTED_PLATFORMS.join(', ')})`);
  }
  return factory(account, endpoints);
}
