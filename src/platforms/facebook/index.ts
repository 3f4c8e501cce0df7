import type { Connector, ConnectorAccount, PlatformEndpoints } from '../contract.js';
import { GraphClient, setGraphBaseUrl } from '../graph/client.js';
import type { GraphConnectorOptions } from '../graph/options.js';
import { DEFAULT_TUNING } from '../graph/poll-session.js';
import { FacebookConnector } from './adapter.js';

export { FacebookConnector } from './adapter.js';

export type { GraphConnectorOptions } from '../graph/options.js';

/**
 * Builds the connector for one Facebook Page. `account.externalId` is the Page id and
 * `credentials.accessToken` a Page access token (pages_read_engagement, pages_read_user_content,
 * pages_manage_engagement). Sets the SDK's process-wide Graph base URL to `endpoints.graphUrl`
 * (see setGraphBaseUrl: every Graph connector in the process shares it).
 */
export function createFacebookConnector(
  account: ConnectorAccount,
  endpoints: PlatformEndpoints = {},
  options: GraphConnectorOptions = {},
): Connector {
  setGraphBaseUrl(endpoints.graphUrl);
  const client = new GraphClient(account.credentials.accessToken, options);
  return new FacebookConnector(account.externalId, client, { ...DEFAULT_TUNING, ...options.tuning });
}
