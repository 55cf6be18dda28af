import { formatCount, formatDurationMs } from '../../helpers/model/format.ts'
import type { PerformanceResults, ScalingSeries } from '../../helpers/model/results-schema.ts'
import { chartImages, type ChartIndex } from './chart-images.ts'
import { markdownTable } from './table.ts'

/** Each size series: the law in words, the gate, a table, its charts (when written), and extrapolations. */
export function scalingSection(results: PerformanceResults, charts: ChartIndex | null = null): string[] {
  if (results.scaling.length === 0) return []
  return ['## Scaling laws', ...results.scaling.flatMap((series) => seriesLines(series, charts))]
}

/** "O(n): 4.10 ms per module + 40.0 ms fixed, R² 0.998" */
export function describeFit(fit: ScalingSeries['fit'], unit: string, format: (value: number) => string = formatDurationMs): string {
  const perUnit = { 'O(1)': '', 'O(log n)': ` per doubling of ${unit}s`, 'O(n)': ` per ${unit}`, 'O(n log n)': ` × n log₂ n (n ${unit}s)`, 'O(n²)': ` × n² (n ${unit}s)` }[fit.model]
  const growth = fit.model === 'O(1)' ? format(fit.intercept) : `${format(fit.slope)}${perUnit} + ${format(fit.intercept)} fixed`
  return `${fit.model}: ${growth}, R² ${fit.r2.toFixed(3)}`
}

function seriesLines(series: ScalingSeries, charts: ChartIndex | null): string[] {
  const counterNames = [...new Set(series.points.flatMap((point) => Object.keys(point.counters)))]
  const table = markdownTable(
    [{ header: `${series.unit}s`, align: 'right' }, { header: 'Median', align: 'right' }, ...counterNames.map((name) => ({ header: name, align: 'right' as const }))],
    series.points.map((point) => [String(point.n), formatDurationMs(point.medianMs), ...counterNames.map((name) => {
      const value = point.counters[name]
      return value === undefined ? '—' : formatCount(Math.round(value))
    })]),
  )
  return [
    '',
    `### ${series.name}`,
    '',
    `Time: ${describeFit(series.fit, series.unit)} (growth exponent ${series.fit.growthExponent.toFixed(2)}).`,
    ...series.counterFits.map((fit) => `${fit.counter}: ${describeFit({ ...fit, growthExponent: 0 }, series.unit, (value) => formatCount(Number(value.toPrecision(3))))}.`),
    '',
    `Gate: ${{ pass: 'pass', fail: '**FAIL**', unresolved: '**unresolved**' }[series.gate.status]}: ${series.gate.sentence}.`,
    '',
    ...table,
    ...chartImages(charts, `scaling:${series.id}`),
    '',
    ...series.notes.map((note) => `- ${note}`),
    ...series.extrapolations.map((target) => `- ${extrapolationText(target, series)}`),
  ]
}

/**
 * A target size in words. The interval spans every model that fits alike; past the far factor there is no
 * expected figure, only that range and a warning.
 */
export function extrapolationText(target: ScalingSeries['extrapolations'][number], series: Pick<ScalingSeries, 'unit' | 'points'>): string {
  const range = `${formatDurationMs(target.lowMs)} … ${formatDurationMs(target.highMs)}`
  if (target.predictedMs === null) {
    const largest = Math.max(...series.points.map((point) => point.n))
    const models = target.models.length === 1 ? `the only model that fits (${target.models[0]}) puts` : `the models that fit alike (${listText(target.models)}) put`
    return `At ${target.n} ${series.unit}s: **far extrapolation** (${target.timesLargestMeasured.toFixed(1)}× the largest size measured, ${largest}), no figure can be expected: ${models} it at ${range} (95 % prediction interval) if the law holds that far, which nothing measured shows.`
  }
  const models = target.models.length === 1 ? `only ${target.models[0]} fits` : `across ${listText(target.models)}, which fit alike`
  return `At ${target.n} ${series.unit}s: ${formatDurationMs(target.predictedMs)} expected (95 % prediction interval ${range}; ${models}).`
}

function listText(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
