import type { TopLevelSpec } from 'vega-lite'
import { formatDurationMs } from '../../helpers/model/format.ts'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { trendBenches } from '../markdown/comparison-section.ts'
import { comparisonCharts } from './comparison-charts.ts'
import { dotPlotSpec, dotPlotText } from './dot-plot.ts'
import { historyChartSpec, historyChartText } from './history-chart.ts'
import { lawChartSpec } from './law-chart.ts'
import { lawChartText, scalingChartInputs } from './scaling-charts.ts'

/** The Markdown section a chart belongs to; a scaling chart to its series. */
export type ChartSubject = `scaling:${string}` | 'cache-effectiveness' | 'speed-ups' | 'closure-copies' | 'nix-versions' | 'trend'

/** A chart to write: its file name in the charts folder, its text alternative, and the spec that draws it. */
export interface PlannedChart {
  subject: ChartSubject
  file: string
  title: string
  /** The text alternative: what the chart shows, with its numbers. */
  description: string
  spec: () => TopLevelSpec
}

/**
 * Every chart a results document supports, in the order PERFORMANCE.md shows them. Pure and cheap (no
 * rendering), so the Markdown and the writer both call it and agree on the file names.
 */
export function planCharts(results: PerformanceResults): PlannedChart[] {
  const scaling = results.scaling.flatMap((series) => scalingChartInputs(series, results.benchmarks).map((input, index): Omit<PlannedChart, 'file'> & { name: string } => ({
    subject: `scaling:${series.id}`,
    name: index === 0 ? `law ${series.id}` : `law ${series.id} ${series.counterFits[index - 1]!.counter}`,
    title: input.title,
    description: lawChartText(input, index === 0 ? 'ms' : 'count'),
    spec: () => lawChartSpec(input),
  })))
  const comparisons = comparisonCharts(results).map((chart) => ({
    subject: chart.subject,
    name: `${chart.subject} ${chart.id}`,
    title: chart.plot.title,
    description: dotPlotText(chart.plot, formatDurationMs),
    spec: () => dotPlotSpec(chart.plot),
  }))
  const baseline = results.comparison?.status === 'compared' ? results.comparison.entries : []
  const trend = trendBenches(results).map((bench) => {
    const input = {
      title: bench.host ? `${bench.name} (${bench.host})` : bench.name,
      runs: results.trend.flatMap((entry) => (entry.medianMs[bench.id] === undefined ? [] : [{ startedAt: entry.startedAt, medianMs: entry.medianMs[bench.id]! }])),
      baselineMs: baseline.find((entry) => entry.id === bench.id)?.baselineMedianMs ?? null,
    }
    return { subject: 'trend' as const, name: `trend ${bench.id}`, title: input.title, description: historyChartText(input), spec: () => historyChartSpec(input) }
  })
  const used = new Set<string>()
  return [...scaling, ...comparisons, ...trend].map(({ name, ...chart }) => ({ ...chart, file: uniqueFileName(name, used) }))
}

/** A file name from a chart's name: lower case, letters, digits and dashes; a second of the same name gets -2. */
function uniqueFileName(name: string, used: Set<string>): string {
  const stem = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart'
  let file = `${stem}.svg`
  for (let copy = 2; used.has(file); copy += 1) file = `${stem}-${copy}.svg`
  used.add(file)
  return file
}
