import { performance } from 'node:perf_hooks'

/** Steps of the clock observed: the smallest of them is its tick, even when a read sometimes lands mid-tick. */
const CLOCK_STEPS = 50

let granularityMs: number | undefined

/**
 * The smallest positive step between successive readings of `performance.now()`, the clock every sample is taken
 * with (Node's is sub-microsecond; a runtime that coarsens it against timing attacks shows here). Measured once;
 * it reads until the clock has moved CLOCK_STEPS times, so a coarse clock is waited for, not guessed.
 */
export function timerGranularityMs(): number {
  if (granularityMs === undefined) {
    let smallest = Number.POSITIVE_INFINITY
    let previous = performance.now()
    for (let steps = 0; steps < CLOCK_STEPS;) {
      const now = performance.now()
      if (now > previous) {
        smallest = Math.min(smallest, now - previous)
        steps += 1
      }
      previous = now
    }
    granularityMs = smallest
  }
  return granularityMs
}
