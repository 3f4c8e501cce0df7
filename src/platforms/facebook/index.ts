import type { Connector, ConnectorAccount, PlatformEndpoints } from '../contract.js';
import { buildGraphConnector } from '../graph/connector.js';
import type { GraphConnectorOptions } from '../graph/options.js';
import { FacebookConnector } from './adapter.js';

export { FacebookConnector } from './adapter.js';
export type { GraphConnectorOptions } from '../graph/options.js';

/**
 * Builds the connector for one Facebook Page. `account.externalId` is the Page id and
 * `credentials.accessToken` a Page access token (pages_read_engagement, pages_read_user_content,
 * pages_manage_engagement). Sets the SDK's process-wide Graph base URL to `endpoints.graphUrl`
 * (see setGraphBaseUrl: every Graph connector in the process shares it).
 */
export function createFacebookConnector(account: ConnectorAccount, endpoints: PlatformEndpoints = {}, options: GraphConnectorOptions = {}): Connector {
  return buildGraphConnector(FacebookConnector, account, endpoints, options);
}
