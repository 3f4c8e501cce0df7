import type { Connector, ConnectorAccount, PlatformEndpoints } from '../contract.js';
import { GraphClient, setGraphBaseUrl } from '../graph/client.js';
import type { GraphConnectorOptions } from '../graph/options.js';
import { DEFAULT_TUNING } from '../graph/poll-session.js';
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
export function createInstagramConnector(
  account: ConnectorAccount,
  endpoints: PlatformEndpoints = {},
  options: GraphConnectorOptions = {},
): Connector {
  setGraphBaseUrl(endpoints.graphUrl);
  const client = new GraphClient(account.credentials.accessToken, options);
  return new InstagramConnector(account.externalId, client, { ...DEFAULT_TUNING, ...options.tuning });
}
