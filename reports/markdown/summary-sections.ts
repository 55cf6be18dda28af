import { formatCi, formatDurationMs, formatPct } from '../format.ts'
import type { BenchOutcome, PerformanceResults } from '../results-schema.ts'
import { benchLabel, failedThresholds, measured } from './outcomes.ts'
import { markdownTable } from './table.ts'

const RUN_STATUS = { passed: '✅ passed', failed: '❌ failed', interrupted: '⚠️ interrupted (the benches that finished are kept)' }

export function summarySection(results: PerformanceResults): string[] {
  const counts = {
    measured: measured(results).length,
    thresholdFailures: failedThresholds(results).length,
    failed: results.benchmarks.filter((bench) => bench.status === 'failed').length,
    skipped: results.benchmarks.filter((bench) => bench.status === 'skipped').length,
  }
  const lines = [
    '## Summary',
    '',
    `Run ${RUN_STATUS[results.run.status]}: ${counts.measured} measured, ${counts.thresholdFailures} over their threshold, ` +
      `${counts.failed} failed, ${counts.skipped} skipped.`,
  ]
  const problems = [
    ...failedThresholds(results).map((bench) => (bench.verdict.status === 'fail' ? bench.verdict.sentence : '')),
    ...results.benchmarks.flatMap((bench) => (bench.status === 'failed' ? [`${benchLabel(bench)} failed: ${firstLine(bench.error.message)}`] : [])),
    ...results.run.errors.map((error) => `run error: ${firstLine(error)}`),
  ]
  if (problems.length > 0) lines.push('', ...problems.map((problem) => `- ${problem}`))
  return lines
}

/** One table per concern, in the order the concerns first ran. */
export function concernSections(results: PerformanceResults): string[] {
  const concerns = [...new Set(results.benchmarks.map((bench) => bench.concern))]
  return concerns.flatMap((concern) => [
    '',
    `## ${capitalize(concern)}`,
    '',
    ...markdownTable(
      [
        { header: 'Bench', align: 'left' },
        { header: 'Host', align: 'left' },
        { header: 'Cache', align: 'left' },
        { header: 'Median', align: 'right' },
        { header: 'Spread', align: 'right' },
        { header: 'n', align: 'right' },
        { header: 'Threshold', align: 'right' },
        { header: 'Verdict', align: 'left' },
      ],
      results.benchmarks.filter((bench) => bench.concern === concern).map(concernRow),
    ),
  ]).slice(1)
}

function concernRow(bench: BenchOutcome): string[] {
  const identity = [bench.name, bench.host ?? '—']
  if (bench.status === 'skipped') return [...identity, '—', '—', '—', '—', '—', `skipped: ${bench.reason}`]
  const threshold = bench.threshold ? `≤ ${formatDurationMs(bench.threshold.limitMs)} ${bench.threshold.statistic}` : '—'
  if (bench.status === 'failed') return [...identity, '—', '—', '—', String(bench.samples.length), threshold, 'failed (see below)']
  const { statistics, cacheState, verdict } = bench
  const cache = cacheState.intended === 'not-applicable' ? '—' : `${cacheState.intended} ${cacheState.verifiedBy ? '✓' : '(unverified)'}`
  const ci = statistics.medianCi95Ms ? `median CI ${formatCi(statistics.medianCi95Ms)}` : statistics.meanCi95Ms ? `mean CI ${formatCi(statistics.meanCi95Ms)}` : null
  const spread = [`MAD ${formatDurationMs(statistics.madMs)}`, ci].filter(Boolean).join(', ')
  const verdictText = verdict.status === 'fail' ? `FAIL +${formatPct(verdict.overByPct)}` : verdict.status === 'pass' ? 'pass' : '—'
  return [...identity, cache, formatDurationMs(statistics.medianMs), spread, String(statistics.n), threshold, verdictText]
}

export function cacheEffectivenessSection(results: PerformanceResults): string[] {
  if (results.cacheEffectiveness.length === 0) return []
  return [
    '## Cache effectiveness',
    '',
    ...markdownTable(
      [
        { header: 'Operation', align: 'left' },
        { header: 'Cold median', align: 'right' },
        { header: 'Warm median', align: 'right' },
        { header: 'Improvement', align: 'right' },
      ],
      results.cacheEffectiveness.map((pair) => [pair.pairKey, formatDurationMs(pair.coldMedianMs), formatDurationMs(pair.warmMedianMs), formatPct(pair.improvementPct)]),
    ),
    '',
    'Improvement = (cold − warm) / cold, as in the seed report ("99.77 %", whose cold start also downloaded inputs).',
  ]
}

/** Variants of one operation measured interleaved, e.g. max-jobs 1 against auto. */
export function speedUpSection(results: PerformanceResults): string[] {
  if (results.speedUps.length === 0) return []
  return [
    '## Speed-ups',
    '',
    ...markdownTable(
      [
        { header: 'Comparison', align: 'left' },
        { header: 'Baseline median', align: 'right' },
        { header: 'Variant median', align: 'right' },
        { header: 'Speed-up', align: 'right' },
      ],
      results.speedUps.map((pair) => [pair.pairKey, formatDurationMs(pair.baselineMedianMs), formatDurationMs(pair.variantMedianMs), `×${pair.speedUp.toFixed(2)}`]),
    ),
  ]
}

/** The five slowest measured operations: where the time goes. */
export function slowestSection(results: PerformanceResults): string[] {
  const slowest = measured(results).sort((a, b) => b.statistics.medianMs - a.statistics.medianMs).slice(0, 5)
  if (slowest.length === 0) return []
  return [
    '## Slowest operations',
    '',
    ...slowest.map((bench, index) => `${index + 1}. ${benchLabel(bench)} (${bench.concern}): ${formatDurationMs(bench.statistics.medianMs)} median`),
  ]
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}
