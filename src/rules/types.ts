/**
 * The rule engine's vocabulary, re-exported from the core for callers above the engine. Lower layers
 * (platforms, personal-data detection) import from src/core directly.
 */
export * from '../core/decision.js';
export * from '../core/platform.js';
