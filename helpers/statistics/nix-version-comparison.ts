import type { MeasuredBench, NixVersionRow } from '../model/results-schema.ts'
import { EXACT_COUNTERS } from '../model/concerns.ts'
import { compareSamples } from './change.ts'

/** What one Nix did for one bench: its measured outcome and the counters of its untimed counted run. */
export interface NixVersionSide {
  label: string
  bench: MeasuredBench
  /** Exact counters (NIX_SHOW_STATS from an untimed run, or the build log's counts); null when there are none. */
  counters: Record<string, number> | null
  /** Behaviour worth a note, e.g. "eval cache answered after 2 priming runs". */
  behaviour?: string
}

/** Counters shown side by side: the exact ones flakebench compares work by, in that order, when either side has them. */
const SHOWN_COUNTERS: readonly string[] = EXACT_COUNTERS

/**
 * Counters that differ between Nix versions for the same program, because the evaluator allocates differently
 * (measured here, one host's drvPath: nrFunctionCalls 917 on both 2.8 and 2.26, values.number 1662 vs 1640): shown,
 * but a difference in them alone is no "different work".
 */
const ALLOCATION_COUNTERS: readonly string[] = ['nrThunks', 'values.number']

/**
 * One row of the matrix: the ratio of the medians (variant / baseline) with its 95 % percentile-bootstrap interval
 * and verdict (helpers/statistics/change.ts, the same method as the baseline comparison), the exact counters side
 * by side, and notes where the two did different work: a counter or a fact (e.g. the drvPath) that differs.
 */
export function compareNixVersions(name: string, baseline: NixVersionSide, variant: NixVersionSide, noiseFloorPct: number): NixVersionRow {
  const times = (side: NixVersionSide) => side.bench.samples.map((sample) => sample.wallMs)
  const change = compareSamples(times(baseline), times(variant), noiseFloorPct)
  const counters = SHOWN_COUNTERS
    .filter((counter) => baseline.counters?.[counter] !== undefined || variant.counters?.[counter] !== undefined)
    .map((counter) => ({ counter, baseline: baseline.counters?.[counter] ?? null, variant: variant.counters?.[counter] ?? null }))
  const differing = counters.filter((entry) => !ALLOCATION_COUNTERS.includes(entry.counter) && entry.baseline !== null && entry.variant !== null && entry.baseline !== entry.variant)
  const factsDiffering = Object.entries(baseline.bench.facts).filter(([fact, value]) => variant.bench.facts[fact] !== undefined && variant.bench.facts[fact] !== value)
  const notes = [
    ...(differing.length > 0 ? [`different work: ${differing.map((entry) => `${entry.counter} ${entry.baseline} (${baseline.label}) vs ${entry.variant} (${variant.label})`).join(', ')}`] : []),
    ...factsDiffering.map(([fact, value]) => `different result: ${fact} ${value} (${baseline.label}) vs ${variant.bench.facts[fact]} (${variant.label})`),
    ...[baseline, variant].flatMap((side) => (side.behaviour ? [`${side.label}: ${side.behaviour}`] : [])),
  ]
  return {
    name,
    host: baseline.bench.host,
    baselineId: baseline.bench.id,
    variantId: variant.bench.id,
    baselineNix: baseline.label,
    variantNix: variant.label,
    baselineMedianMs: baseline.bench.statistics.medianMs,
    variantMedianMs: variant.bench.statistics.medianMs,
    ratio: 1 + change.changePct / 100,
    ratioCi95: change.ciPct ? [1 + change.ciPct[0] / 100, 1 + change.ciPct[1] / 100] : null,
    verdict: change.verdict,
    counters,
    notes,
  }
}
