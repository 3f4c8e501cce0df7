import { createGraphModule } from './graph.js';
import { createOAuthModule } from './oauth.js';
import { Emulator } from './server.js';
import { createXModule } from './x.js';
import { createYouTubeModule, type YouTubeModuleOptions } from './youtube.js';

export { Emulator } from './server.js';
export type { YouTubeModuleOptions } from './youtube.js';

/** Options for the full emulator. */
export interface EmulatorOptions {
  youtube?: YouTubeModuleOptions;
}

/**
 * The emulator with every platform module: Graph (Facebook Pages + Instagram), X API v2 and
 * YouTube Data API v3, all on one origin. Not started: call `start()`, and `close()` when done.
 * Point the connectors at it with `{ graphUrl: url, xApiUrl: url, youtubeRootUrl: url }`.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return new Emulator([createOAuthModule, createGraphModule, createXModule, (state) => createYouTubeModule(state, options.youtube)]);
}
