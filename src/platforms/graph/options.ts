import type { GraphClientOptions } from './client.js';
import type { PollTuning } from './poll-session.js';

/** Optional knobs for the Graph connectors; defaults suit an account polled every few minutes. */
export interface GraphConnectorOptions extends GraphClientOptions {
  tuning?: Partial<PollTuning>;
}
