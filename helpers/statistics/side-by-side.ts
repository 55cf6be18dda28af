import type { CompareRule, SideBySide } from '../model/base-against-head.ts'
import { EXACT_COUNTERS } from '../model/concerns.ts'
import type { MeasuredBench } from '../model/results-schema.ts'
import { compareSamples } from './change.ts'
import { counterMedian } from './median.ts'

export interface SideBySideSettings {
  noiseFloorPct: number
  regressionTolerancePct: number
  workGrowthTolerancePct: number
}

/**
 * One bench measured on base and head, interleaved: both medians, head/base with its 95 % bootstrap interval
 * (helpers/statistics/change.ts), the verdict, and the exact counters of both sides.
 */
export function sideBySide({ key, name }: { key: string; name: string }, base: MeasuredBench, head: MeasuredBench, settings: Pick<SideBySideSettings, 'noiseFloorPct'>): SideBySide {
  const change = compareSamples(base.samples.map((sample) => sample.wallMs), head.samples.map((sample) => sample.wallMs), settings.noiseFloorPct)
  // A median below the resolution has no ratio worth taking: neither faster nor slower can be told.
  const unresolvable = base.statistics.belowResolution === true || head.statistics.belowResolution === true
  return {
    key,
    name,
    host: head.host,
    baseMedianMs: base.statistics.medianMs,
    headMedianMs: head.statistics.medianMs,
    ratio: 1 + change.changePct / 100,
    ratioCi95: unresolvable || !change.ciPct ? null : [1 + change.ciPct[0] / 100, 1 + change.ciPct[1] / 100],
    verdict: unresolvable ? 'unresolved' : change.verdict,
    counters: EXACT_COUNTERS.flatMap((counter) => {
      const was = counterMedian(base.samples, counter)
      const is = counterMedian(head.samples, counter)
      return was === null || is === null ? [] : [{ counter, base: was, head: is, difference: is - was }]
    }),
  }
}

/**
 * The rules that fail a compare run: the head slower beyond the noise floor by more than the regression
 * tolerance, or an exact counter grown by more than the work-growth tolerance (the largest growth per bench).
 */
export function firedRules(benches: readonly SideBySide[], settings: Omit<SideBySideSettings, 'noiseFloorPct'>): CompareRule[] {
  return benches.flatMap((bench): CompareRule[] => {
    const changePct = (bench.ratio - 1) * 100
    const slower: CompareRule[] = bench.verdict === 'slower' && changePct > settings.regressionTolerancePct
      ? [{ rule: 'slower', key: bench.key, changePct, limitPct: settings.regressionTolerancePct }]
      : []
    const grown = bench.counters
      .filter((counter) => counter.base > 0)
      .map((counter) => ({ counter: counter.counter, changePct: (counter.difference / counter.base) * 100 }))
      .filter((counter) => counter.changePct > settings.workGrowthTolerancePct)
      .sort((a, b) => b.changePct - a.changePct)[0]
    const work: CompareRule[] = grown ? [{ rule: 'work grew', key: bench.key, counter: grown.counter, changePct: grown.changePct, limitPct: settings.workGrowthTolerancePct }] : []
    return [...slower, ...work]
  })
}
