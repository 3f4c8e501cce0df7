import type { Connector, ConnectorAccount, PlatformEndpoints } from '../contract.js';
import { buildGraphConnector } from '../graph/connector.js';
import type { GraphConnectorOptions } from '../graph/options.js';
import { InstagramConnector } from './adapter.js';

export { InstagramConnector } from './adapter.js';
export type { GraphConnectorOptions } from '../graph/options.js';

/**
 * Builds the connector for one Instagram professional account. `account.externalId` is the IG user
 * id (the Page's `instagram_business_account`) and `credentials.accessToken` the linked Page's token
 * (instagram_basic, instagram_manage_comments, pages_read_engagement). Sets the SDK's process-wide
 * Graph base URL to `endpoints.graphUrl` (see setGraphBaseUrl: every Graph connector in the process
 * shares it).
 */
export function createInstagramConnector(account: ConnectorAccount, endpoints: PlatformEndpoints = {}, options: GraphConnectorOptions = {}): Connector {
  return buildGraphConnector(InstagramConnector, account, endpoints, options);
}
