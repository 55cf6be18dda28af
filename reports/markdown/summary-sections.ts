import { HARNESS_FLOOR_ID } from '../collect.ts'
import { regressionSentence } from '../../helpers/judgements/regression.ts'
import { formatCi, formatDurationMs, formatMedian, formatPct } from '../../helpers/model/format.ts'
import type { BenchOutcome, PerformanceResults, Summary, Threshold } from '../../helpers/model/results-schema.ts'
import { chartImages, type ChartIndex } from './chart-images.ts'
import { benchLabel, failed, firstLine, measured, skipped } from './outcomes.ts'
import { left, markdownTable, right, type Column } from './table.ts'

const RUN_STATUS = { passed: '✅ passed', failed: '❌ failed', interrupted: '⚠️ interrupted (the benches that finished are kept)' }
const SLOWEST_COUNT = 5

/** The run's status and counts, then one line per thing that went wrong. */
export function summarySection(results: PerformanceResults): string[] {
  const all = measured(results)
  const passed = all.filter((bench) => bench.verdict.status === 'pass')
  const overThreshold = all.filter((bench) => bench.verdict.status === 'fail')
  const withoutThreshold = all.length - passed.length - overThreshold.length
  const breakdown = [`${passed.length} passed`, `${overThreshold.length} over threshold`, ...(withoutThreshold > 0 ? [`${withoutThreshold} without threshold`] : [])]
  const problems = [
    ...overThreshold.flatMap((bench) => (bench.verdict.status === 'fail' ? [bench.verdict.sentence] : [])),
    ...failed(results).map((bench) => `${benchLabel(bench)} failed: ${firstLine(bench.error.message)}`),
    ...results.scaling.flatMap((series) => (series.gate.status === 'fail' ? [series.gate.sentence] : [])),
    ...(results.comparison?.status === 'compared'
      ? results.comparison.entries.filter((entry) => entry.regression).map((entry) => `regression: ${regressionSentence(entry)}`)
      : []),
    ...results.run.errors.map((error) => `run error: ${firstLine(error)}`),
  ]
  return [
    '## Summary',
    '',
    `Run ${RUN_STATUS[results.run.status]}: ${all.length} measured (${breakdown.join(', ')}), ` +
      `${failed(results).length} failed, ${skipped(results).length} skipped.`,
    ...(problems.length > 0 ? ['', ...problems.map((problem) => `- ${problem}`)] : []),
    ...(results.findings.length > 0 ? ['', '**Findings**', '', ...results.findings.map((finding) => `- ${finding}`)] : []),
  ]
}

const CONCERN_COLUMNS: Column[] = [
  left('Bench'), left('Host'), left('Cache'), right('Median'), right('Spread'), right('n'), right('Threshold'),
  left('Verdict'),
]

/** One table per concern, in the order the concerns first ran. */
export function concernSections(results: PerformanceResults): string[] {
  const concerns = [...new Set(results.benchmarks.map((bench) => bench.concern))]
  return concerns.flatMap((concern, index) => [
    ...(index > 0 ? [''] : []),
    `## ${capitalize(concern)}`,
    '',
    ...markdownTable(CONCERN_COLUMNS, results.benchmarks.filter((bench) => bench.concern === concern).map(concernRow)),
  ])
}

function concernRow(bench: BenchOutcome): string[] {
  const identity = [bench.name, bench.host ?? '—']
  if (bench.status === 'skipped') return [...identity, '—', '—', '—', '—', '—', 'skipped (see below)']
  const figures = bench.statistics ? [formatMedian(bench.statistics), spread(bench.statistics)] : ['—', '—']
  if (bench.status === 'failed') {
    return [...identity, '—', ...figures, String(bench.samples.length), threshold(bench.threshold), 'failed (see below)']
  }
  const { cacheState, verdict } = bench
  const cache = cacheState.intended === 'not-applicable' ? '—' : `${cacheState.intended} ${cacheState.verifiedBy ? '✓' : 'unverified'}`
  const verdictText = verdict.status === 'fail' ? `FAIL +${formatPct(verdict.overByPct)}` : verdict.status === 'pass' ? 'pass' : '—'
  return [...identity, cache, ...figures, String(bench.statistics.n), threshold(bench.threshold), verdictText]
}

/** MAD, then the 95 % interval of the median, or of the mean when there are too few samples for the median's. */
function spread(statistics: Summary): string {
  const ci = statistics.medianCi95Ms
    ? `median CI ${formatCi(statistics.medianCi95Ms)}`
    : statistics.meanCi95Ms ? `mean CI ${formatCi(statistics.meanCi95Ms)}` : null
  return [`MAD ${formatDurationMs(statistics.madMs)}`, ci].filter((part) => part !== null).join(', ')
}

function threshold(limit: Threshold | null): string {
  return limit ? `≤ ${formatDurationMs(limit.limitMs)} ${limit.statistic}` : '—'
}

export function cacheEffectivenessSection(results: PerformanceResults, charts: ChartIndex | null = null): string[] {
  if (results.cacheEffectiveness.length === 0) return []
  return [
    '## Cache effectiveness',
    '',
    ...markdownTable(
      [
        left('Operation'), right('Cold median'), right('Warm median'), right('Improvement'),
      ],
      results.cacheEffectiveness.map((pair) => [pair.pairKey, formatDurationMs(pair.coldMedianMs), formatDurationMs(pair.warmMedianMs), formatPct(pair.improvementPct)]),
    ),
    '',
    'Improvement = (cold median − warm median) / cold median.',
    ...chartImages(charts, 'cache-effectiveness'),
  ]
}

/** Variants of one operation measured interleaved, e.g. max-jobs 1 against auto. */
export function speedUpSection(results: PerformanceResults, charts: ChartIndex | null = null): string[] {
  if (results.speedUps.length === 0) return []
  return [
    '## Speed-ups',
    '',
    ...markdownTable(
      [
        left('Comparison'), right('Baseline median'), right('Variant median'), right('Speed-up'),
      ],
      results.speedUps.map((pair) => [pair.pairKey, formatDurationMs(pair.baselineMedianMs), formatDurationMs(pair.variantMedianMs), `×${pair.speedUp.toFixed(2)}`]),
    ),
    ...chartImages(charts, 'speed-ups'),
  ]
}

/** The slowest measured operations: where the time goes. The harness floor is a calibration, not an operation. */
export function slowestSection(results: PerformanceResults): string[] {
  const slowest = measured(results).filter((bench) => bench.id !== HARNESS_FLOOR_ID).sort((a, b) => b.statistics.medianMs - a.statistics.medianMs).slice(0, SLOWEST_COUNT)
  if (slowest.length === 0) return []
  return [
    '## Slowest operations',
    '',
    ...slowest.map((bench, index) => `${index + 1}. ${benchLabel(bench)} (${bench.concern}): ${formatMedian(bench.statistics)} median`),
  ]
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
