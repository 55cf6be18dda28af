import type { Resolution } from '../model/results-schema.ts'
import { resolutionMs } from '../statistics/wrapper-cost.ts'
import { gnuTimeCost } from './gnu-time.ts'
import { timerGranularityMs } from './timer-granularity.ts'
import { gnuTimePath } from './tools.ts'

/**
 * This process's measurement resolution: the wrapper cost runCommand subtracts from every sample, how uncertain
 * that cost is, and the clock's tick. Measured on first use and the same for every later call in the process.
 */
export async function measurementResolution(): Promise<Resolution> {
  const timeBinary = await gnuTimePath()
  const wrapperCost = timeBinary ? await gnuTimeCost(timeBinary) : null
  const granularityMs = timerGranularityMs()
  return { resolutionMs: resolutionMs(wrapperCost, granularityMs), timerGranularityMs: granularityMs, wrapperCost }
}
