import type { WrapperCost } from '../model/results-schema.ts'
import { median } from './median.ts'
import { medianConfidenceInterval } from './summarize.ts'

export interface TimedPair {
  /** The trivial command spawned alone. */
  bareMs: number
  /** The same command spawned under the wrapper (GNU time). */
  wrappedMs: number
}

/** Below six pairs the order-statistic interval of the median reaches under 95 % coverage (summarize.ts). */
export const MIN_WRAPPER_PAIRS = 6

/**
 * The wrapper's cost per sample: the median of the paired differences (wrapped − bare), which a slow outlier on
 * either side cannot move far, with its distribution-free 95 % interval (exact binomial order statistics, as for
 * every median here). Never clamped: a negative median says the pairs could not tell the wrapper from noise.
 */
export function estimateWrapperCost(pairs: readonly TimedPair[]): WrapperCost {
  if (pairs.length < MIN_WRAPPER_PAIRS) {
    throw new RangeError(`estimating the wrapper's cost needs at least ${MIN_WRAPPER_PAIRS} pairs, got ${pairs.length}`)
  }
  const differences = pairs.map((pair) => pair.wrappedMs - pair.bareMs).sort((a, b) => a - b)
  return { costMs: median(differences), ci95Ms: medianConfidenceInterval(differences)!, pairs: pairs.length }
}

/**
 * The measurement's resolution: how far the cost subtracted from every sample may be from the true one, i.e. the
 * larger distance from the estimate to either bound of its 95 % interval, and never finer than the clock's tick.
 * Without a wrapper nothing is subtracted and the clock's tick is all that remains.
 */
export function resolutionMs(cost: WrapperCost | null, timerGranularityMs: number): number {
  if (!cost) return timerGranularityMs
  const [lowMs, highMs] = cost.ci95Ms
  return Math.max(timerGranularityMs, cost.costMs - lowMs, highMs - cost.costMs)
}
