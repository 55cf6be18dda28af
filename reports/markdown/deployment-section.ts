import { formatBytes, formatDurationMs } from '../../helpers/model/format.ts'
import { COUNTER, type CounterKey } from '../../helpers/model/concerns.ts'
import type { BenchOutcome, PerformanceResults } from '../../helpers/model/results-schema.ts'
import { counterMedian } from '../../helpers/statistics/median.ts'
import { benchLabel, cell, firstLine } from './outcomes.ts'
import { chartImages, type ChartIndex } from './chart-images.ts'
import { left, markdownTable, right } from './table.ts'

/**
 * Closure copies: the round trip each link really had, what was copied, how many paths crossed the link and how
 * many the target substituted (read from its store after every sample), throughput and cost per path. A copy
 * that was skipped or failed keeps its row, with the reason below the table.
 */
export function deploymentSection(results: PerformanceResults, charts: ChartIndex | null = null): string[] {
  const copies = results.benchmarks.filter(isCopy)
  if (copies.length === 0) return []
  const rows = copies.map((bench) => {
    const samples = bench.status === 'skipped' ? [] : bench.samples
    const median = (key: CounterKey) => counterMedian(samples, key)
    return [
      benchLabel(bench),
      cell(median(COUNTER.achievedRttMs), (ms) => `${ms.toFixed(1)} ms`),
      samples.length === 0 ? '—' : `${cell(median(COUNTER.closurePaths), String)} paths, ${cell(median(COUNTER.closureBytes), formatBytes)}`,
      median(COUNTER.pathsTransferred) === null ? '—' : `${cell(median(COUNTER.pathsTransferred), String)} paths, ${cell(median(COUNTER.bytesTransferred), formatBytes)}`,
      median(COUNTER.pathsSubstituted) === null ? '—' : `${cell(median(COUNTER.pathsSubstituted), String)} paths`,
      bench.status === 'measured' ? formatDurationMs(bench.statistics.medianMs) : bench.status,
      cell(median(COUNTER.megabytesPerSecond), (rate) => `${rate.toFixed(2)} MB/s`),
      bench.status === 'measured' ? cell(median(COUNTER.msPerPath), formatDurationMs) : '—',
    ]
  })
  const notMeasured = copies.flatMap((bench) => {
    if (bench.status === 'skipped') return [`- ${benchLabel(bench)}: skipped, ${bench.reason}`]
    if (bench.status === 'failed') return [`- ${benchLabel(bench)}: failed, ${firstLine(bench.error.message)}`]
    return []
  })
  return [
    '## Closure copies',
    '',
    ...markdownTable(
      [
        left('Copy'), right('Added RTT (measured)'), right('Closure'), right('Transferred over the link'),
        right('Substituted by the target'), right('Median'), right('Throughput'), right('Per path'),
      ],
      rows,
    ),
    ...(notMeasured.length > 0 ? ['', ...notMeasured] : []),
    ...chartImages(charts, 'closure-copies'),
    '',
    'Every copy goes through a relay on loopback that counts the bytes it carries (the bytes column: ssh\'s stream towards the target) and, for the direct and relayed links, delays them; its round trip is measured against a local echo server. After every sample the target\'s store is read: a new path carrying the binary cache\'s signature was substituted by the target, one without it crossed the link. A sample whose counts contradict its claim (fresh store, with substitutes, no-op) fails the copy. Throughput (NAR bytes per second) is shown only where the NARs cross the link.',
  ]
}

/** The copies of the fixture's closure to a test host (the deploy phases and fleets are elsewhere). */
function isCopy(bench: BenchOutcome): boolean {
  return bench.id.startsWith('deployment/copy/')
}
