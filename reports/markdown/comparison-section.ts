import { formatDurationMs } from '../../helpers/model/format.ts'
import type { BenchOutcome, PerformanceResults } from '../../helpers/model/results-schema.ts'
import { chartImages, type ChartIndex } from './chart-images.ts'
import { left, markdownTable, right } from './table.ts'

const VERDICT = { faster: '🟢 faster', slower: '🔴 slower', unchanged: 'unchanged', unresolved: '⚪ unresolved' }

/** Against the baseline: every bench's change with its interval and verdict, changed work first. */
export function comparisonSection(results: PerformanceResults): string[] {
  const comparison = results.comparison
  if (!comparison) return []
  if (comparison.status === 'refused') {
    return ['## Compared with the baseline', '', `Not compared with ${comparison.baselineFile}: ${comparison.reason}.`]
  }
  const pct = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} %`
  const counts = (['slower', 'faster', 'unchanged', 'unresolved'] as const).map((verdict) => `${comparison.entries.filter((entry) => entry.verdict === verdict).length} ${verdict}`).join(', ')
  const workChanged = comparison.entries.filter((entry) => entry.counterChanges.length > 0 || entry.factChanges.length > 0)
  return [
    '## Compared with the baseline',
    '',
    `Baseline: ${comparison.baselineFile} (run of ${comparison.baselineStartedAt})${comparison.forced ? ', compared although its setup differs (baseline.force)' : ''}. ` +
      `${counts}. Method: ${comparison.method}; unchanged within ±${comparison.noiseFloorPct} %, a regression beyond +${comparison.regressionTolerancePct} % fails the run.`,
    ...(workChanged.length > 0
      ? ['', ...workChanged.map((entry) => `- **${entry.name}** does different work now: ${[
        ...entry.counterChanges.map((change) => `${change.counter} ${change.baseline} → ${change.current}`),
        ...entry.factChanges.map((change) => `${change.fact} ${change.baseline} → ${change.current}`),
      ].join(', ')}; its time is not comparable as a speed-up.`)]
      : []),
    '',
    ...markdownTable(
      [
        left('Bench'), right('Baseline'), right('Now'), right('Change'), right('95 % CI'), left('Verdict'),
      ],
      comparison.entries.map((entry) => [
        entry.name,
        formatDurationMs(entry.baselineMedianMs),
        formatDurationMs(entry.currentMedianMs),
        pct(entry.changePct),
        entry.ciPct ? `${pct(entry.ciPct[0])} … ${pct(entry.ciPct[1])}` : '—',
        `${VERDICT[entry.verdict]}${entry.regression ? ' (regression)' : ''}`,
      ]),
    ),
    ...(comparison.missing.length > 0 ? ['', `Not measured in this run: ${comparison.missing.join(', ')}.`] : []),
  ]
}

/** The benches the trend shows: with two runs or more, the first measured in each concern, six at most. */
export function trendBenches(results: PerformanceResults): BenchOutcome[] {
  if (results.trend.length < 2) return []
  const seen = new Set<string>()
  return results.benchmarks.filter((bench) => bench.status === 'measured' && !seen.has(bench.concern) && seen.add(bench.concern)).slice(0, 6)
}

/** The last runs of the history, for the benches this run measured first in each concern, and their charts. */
export function trendSection(results: PerformanceResults, charts: ChartIndex | null = null): string[] {
  const figures = trendBenches(results)
  if (figures.length === 0) return []
  return [
    '## Trend (history, oldest first)',
    '',
    ...markdownTable(
      [{ header: 'Run', align: 'left' }, ...figures.map((bench) => ({ header: bench.host ? `${bench.name} (${bench.host})` : bench.name, align: 'right' as const }))],
      results.trend.map((entry) => [
        `${entry.startedAt.slice(0, 16).replace('T', ' ')}${entry.targetRevision ? ` @ ${entry.targetRevision.slice(0, 8)}` : ''}`,
        ...figures.map((bench) => {
          const value = entry.medianMs[bench.id]
          return value === undefined ? '—' : formatDurationMs(value)
        }),
      ]),
    ),
    ...chartImages(charts, 'trend'),
  ]
}
