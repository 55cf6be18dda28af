import { medianOfPresent } from '../../helpers/statistics/median.ts'
import { COUNTER, type CounterKey } from '../../helpers/model/concerns.ts'
import { HARNESS_FLOOR_ID } from '../collect.ts'
import { formatBytes, formatCount, formatDurationMs, formatKb } from '../../helpers/model/format.ts'
import type { MeasuredBench, PerformanceResults, Sample } from '../../helpers/model/results-schema.ts'
import { benchLabel, measured } from './outcomes.ts'
import { markdownTable } from './table.ts'

/** Medians below this multiple of the harness floor are dominated by starting the process, not by the work. */
const NEAR_FLOOR_FACTOR = 3

interface Metric {
  header: string
  of: (sample: Sample) => number | null | undefined
  format: (value: number) => string
}

const counter = (key: CounterKey, header: string, format: (value: number) => string): Metric => ({ header, of: (sample) => sample.counters?.[key], format })

const COUNTERS: readonly Metric[] = [
  counter(COUNTER.cpuTime, 'Nix CPU', (seconds) => formatDurationMs(seconds * 1000)),
  counter(COUNTER.nrThunks, 'Thunks', formatCount),
  counter(COUNTER.nrFunctionCalls, 'Function calls', formatCount),
  counter(COUNTER['values.number'], 'Values', formatCount),
  counter(COUNTER['gc.heapSize'], 'GC heap', formatBytes),
  counter(COUNTER['gc.totalBytes'], 'GC allocated', formatBytes),
]

const RESOURCES: readonly Metric[] = [
  { header: 'User CPU', of: (sample) => sample.userCpuMs, format: formatDurationMs },
  { header: 'System CPU', of: (sample) => sample.systemCpuMs, format: formatDurationMs },
  { header: 'Peak RSS', of: (sample) => sample.peakRssKb, format: formatKb },
]

/** Per-bench medians of the metrics, with only the benches and columns that have at least one value. */
function medianTable(benches: readonly MeasuredBench[], metrics: readonly Metric[]): string[] {
  const medians = benches.map((bench) => metrics.map((metric) => medianOfPresent(bench.samples.map(metric.of))))
  const rows = benches.map((bench, row) => ({ bench, values: medians[row]! })).filter(({ values }) => values.some((value) => value !== null))
  if (rows.length === 0) return []
  const shown = metrics.flatMap((metric, column) => (rows.some(({ values }) => values[column] !== null) ? [{ metric, column }] : []))
  return markdownTable(
    [{ header: 'Bench', align: 'left' }, ...shown.map(({ metric }) => ({ header: metric.header, align: 'right' as const }))],
    rows.map(({ bench, values }) => [benchLabel(bench), ...shown.map(({ metric, column }) => {
      const value = values[column]
      return value === null || value === undefined ? '—' : metric.format(value)
    })]),
  )
}

/** Medians of NIX_SHOW_STATS counters: exact figures that explain a change in evaluation time. */
export function countersSection(results: PerformanceResults): string[] {
  const table = medianTable(measured(results), COUNTERS)
  return table.length === 0 ? [] : ['## Evaluation counters (NIX_SHOW_STATS, median per sample)', '', ...table]
}

export function resourcesSection(results: PerformanceResults): string[] {
  const table = medianTable(measured(results), RESOURCES)
  return table.length === 0 ? [] : ['## Resource use (GNU time, command and children, median per sample)', '', ...table]
}

/** The benches' own warnings (e.g. outliers), and figures too close to the harness floor to mean much. */
export function warningsSection(results: PerformanceResults): string[] {
  const floor = results.harnessFloor
  // A floor below the resolution is known only to be under it: that bound is the floor to compare with.
  const floorMs = floor ? Math.max(floor.medianMs, floor.resolutionMs ?? 0) : 0
  const nearFloor = (bench: MeasuredBench) => floor !== null && bench.id !== HARNESS_FLOOR_ID && bench.statistics.medianMs < NEAR_FLOOR_FACTOR * floorMs
  const warnings = measured(results).flatMap((bench) => [
    ...bench.warnings,
    ...(nearFloor(bench)
      ? [`${benchLabel(bench)}: near the harness floor: the figure is mostly process start-up (median ${formatDurationMs(bench.statistics.medianMs)}, ` +
        `under ${NEAR_FLOOR_FACTOR}× the floor's ${formatDurationMs(floorMs)}).`]
      : []),
  ])
  return warnings.length === 0 ? [] : ['## Warnings', '', ...warnings.map((warning) => `- ${warning}`)]
}
