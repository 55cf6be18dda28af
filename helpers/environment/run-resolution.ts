import type { BenchOutcome, Provenance, Resolution } from '../model/results-schema.ts'

/** How the resolution is obtained, for the results: the JSON alone must say what its figure means. */
export const RESOLUTION_METHOD =
  'GNU time\'s cost per sample = median of (time true − true) over interleaved pairs, estimated once per bench run (before its bench files start) and ' +
  'subtracted from every sample; resolution = the farther bound of its 95 % order-statistic interval from it, at least the clock\'s tick'

/**
 * The run's resolution from its benches' own (a bench run shares one estimate; a process without it estimates anew):
 * the coarsest, and the range of the costs subtracted. Null when no bench recorded one.
 */
export function runResolution(benchmarks: readonly BenchOutcome[]): NonNullable<Provenance['resolution']> | null {
  const resolutions = benchmarks.flatMap((bench): Resolution[] => (bench.status !== 'skipped' && bench.resolution ? [bench.resolution] : []))
  if (resolutions.length === 0) return null
  const costs = resolutions.flatMap((resolution) => (resolution.wrapperCost ? [resolution.wrapperCost] : []))
  const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)]
  return {
    resolutionMs: Math.max(...resolutions.map((resolution) => resolution.resolutionMs)),
    timerGranularityMs: Math.max(...resolutions.map((resolution) => resolution.timerGranularityMs)),
    wrapperCostMs: costs.length > 0 ? range(costs.map((cost) => cost.costMs)) : null,
    pairs: costs.length > 0 ? range(costs.map((cost) => cost.pairs)) : null,
    estimates: new Set(costs.map((cost) => JSON.stringify(cost))).size,
    method: RESOLUTION_METHOD,
  }
}
