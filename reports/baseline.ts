import { counterMedian } from '../helpers/statistics/median.ts'
import { compareSamples } from '../helpers/statistics/change.ts'
import { isRegression } from '../helpers/judgements/regression.ts'
import { EXACT_COUNTERS } from '../helpers/model/concerns.ts'
import type { Comparison, ComparisonEntry, MeasuredBench, PerformanceResults } from '../helpers/model/results-schema.ts'

export interface BaselineSettings {
  file: string
  noiseFloorPct: number
  regressionTolerancePct: number
  force: boolean
}

/** Why two runs cannot be compared, or null when they can: another Nix, another machine, another fixture. */
export function incompatibility(baseline: PerformanceResults, current: PerformanceResults): string | null {
  const nixOf = (results: PerformanceResults) => {
    const nix = results.provenance.nix
    return nix ? `${nix.implementation} ${nix.version.split('.').slice(0, 2).join('.')}` : 'no nix'
  }
  const machineOf = (results: PerformanceResults) => `${results.provenance.machine.arch}, ${results.provenance.machine.logicalCores} logical cores`
  const targetOf = (results: PerformanceResults) => JSON.stringify({ kind: results.target?.kind, shape: results.target?.fixtureShape })
  if (nixOf(baseline) !== nixOf(current)) return `the baseline ran on ${nixOf(baseline)}, this run on ${nixOf(current)}`
  if (machineOf(baseline) !== machineOf(current)) return `the baseline ran on ${machineOf(baseline)}, this run on ${machineOf(current)}`
  if (targetOf(baseline) !== targetOf(current)) return `the baseline measured another target or fixture shape (${targetOf(baseline)} vs ${targetOf(current)})`
  return null
}

/** Each bench measured in both runs: relative change with its interval, a verdict, and changed counters. */
export function compareWithBaseline(baseline: PerformanceResults, current: PerformanceResults, settings: BaselineSettings): Comparison {
  const reason = incompatibility(baseline, current)
  if (reason && !settings.force) {
    return { status: 'refused', baselineFile: settings.file, reason: `${reason}; save a new baseline with \`npm run baseline\`, or set baseline.force to compare anyway` }
  }
  const measuredById = (results: PerformanceResults) =>
    new Map(results.benchmarks.filter((bench): bench is MeasuredBench => bench.status === 'measured').map((bench) => [bench.id, bench]))
  const before = measuredById(baseline)
  const after = measuredById(current)
  const entries: ComparisonEntry[] = []
  for (const [id, now] of after) {
    const then = before.get(id)
    if (!then) continue
    const measuredChange = compareSamples(then.samples.map((sample) => sample.wallMs), now.samples.map((sample) => sample.wallMs), settings.noiseFloorPct)
    // A median below the resolution is not a figure a ratio can be taken of: neither faster nor slower can be told.
    const unresolvable = then.statistics.belowResolution === true || now.statistics.belowResolution === true
    const change = unresolvable ? { ...measuredChange, ciPct: null, verdict: 'unresolved' as const } : measuredChange
    entries.push({
      id,
      name: now.host ? `${now.name} (${now.host})` : now.name,
      baselineMedianMs: then.statistics.medianMs,
      currentMedianMs: now.statistics.medianMs,
      ...change,
      regression: isRegression(change, settings.regressionTolerancePct),
      counterChanges: EXACT_COUNTERS.flatMap((counter) => {
        const was = counterMedian(then.samples, counter)
        const is = counterMedian(now.samples, counter)
        return was !== null && is !== null && was !== is ? [{ counter, baseline: was, current: is }] : []
      }),
      factChanges: Object.entries(now.facts).flatMap(([fact, current]) => {
        const baseline = then.facts[fact]
        return baseline !== undefined && baseline !== current ? [{ fact, baseline, current }] : []
      }),
    })
  }
  return {
    status: 'compared',
    baselineFile: settings.file,
    baselineStartedAt: baseline.run.startedAt,
    forced: reason !== null,
    method: 'ratio of medians, 95 % percentile bootstrap (2000 resamples, seeded)',
    noiseFloorPct: settings.noiseFloorPct,
    regressionTolerancePct: settings.regressionTolerancePct,
    entries,
    missing: [...before.keys()].filter((id) => !after.has(id)),
  }
}
