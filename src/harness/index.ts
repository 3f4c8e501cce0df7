/**
 * The harness entry: everything that is not production (emulator, demo, benchmarks, SMTP sink,
 * scratch databases). Production code never imports the harness statically; the CLI loads this module
 * with a dynamic `import()` (src/cli/harness.ts), and the production image ships without dist/harness.
 */
export { runDemo, percentile } from './demo/demo.js';
export { SAMPLE_COMMENTS, type SampleComment } from './demo/sample.js';
export { startDemoWeb, seedDemoUsers, type DemoWebUser } from './demo/web.js';
export { runWorkerBench, runDrain, type DrainReport } from './bench/worker-bench.js';
export { runPollCadence, type PollCadenceReport } from './bench/poll-cadence.js';
export { runMailBench } from './bench/mail-bench.js';
export { benchEngine, builtinCorpus, textsFromTsv, type BenchReport } from './bench/rules-bench.js';
export { createEmulator, Emulator } from './emulator/index.js';
export { runChaos, type ChaosReport } from './chaos/chaos.js';
export { randomSeed } from './chaos/prng.js';
