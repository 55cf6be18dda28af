/**
 * Counters that describe the work itself, not its speed: when one differs between two runs of a bench, the run did
 * something else (a faster evaluation of a different configuration is no speed-up).
 */
export const EXACT_COUNTERS = [
  'nrFunctionCalls', 'nrThunks', 'values.number',
  'derivationsBuilt', 'pathsSubstituted', 'closurePaths', 'closureBytes', 'closureDerivations',
  'managedLinks', 'generations', 'resourcesAdded', 'resourcesChanged', 'resourcesDestroyed', 'testsRun', 'machines', 'hosts',
] as const
export type ExactCounter = (typeof EXACT_COUNTERS)[number]

/** NIX_SHOW_STATS counters (flattened with dots) that are exact for a given input, so their fit shows growth without noise. */
export const EVALUATION_COUNTERS = ['nrFunctionCalls', 'nrThunks', 'values.number', 'gc.totalBytes'] as const
export type EvaluationCounter = (typeof EVALUATION_COUNTERS)[number]
