import { formatBytes, formatDurationMs } from '../format.ts'
import type { PerformanceResults } from '../results-schema.ts'
import { counterMedian } from '../../helpers/statistics/median.ts'
import { benchLabel, cell, measured } from './outcomes.ts'
import { markdownTable } from './table.ts'

/** Closure copies: the round trip each profile really had, what was copied, throughput and cost per path. */
export function deploymentSection(results: PerformanceResults): string[] {
  const copies = measured(results).filter((bench) => bench.samples.some((sample) => sample.counters?.achievedRttMs !== undefined))
  if (copies.length === 0) return []
  const rows = copies.map((bench) => {
    const median = (key: string) => counterMedian(bench.samples, key)
    return [
      benchLabel(bench),
      cell(median('achievedRttMs'), (ms) => (ms === 0 ? 'none added' : `${ms.toFixed(1)} ms`)),
      `${cell(median('closurePaths'), String)} paths, ${cell(median('closureBytes'), formatBytes)}`,
      formatDurationMs(bench.statistics.medianMs),
      cell(median('megabytesPerSecond'), (rate) => `${rate.toFixed(2)} MB/s`),
      cell(median('msPerPath'), formatDurationMs),
    ]
  })
  return [
    '## Closure copies',
    '',
    ...markdownTable(
      [
        { header: 'Copy', align: 'left' },
        { header: 'Added RTT (measured)', align: 'right' },
        { header: 'Closure', align: 'right' },
        { header: 'Median', align: 'right' },
        { header: 'Throughput', align: 'right' },
        { header: 'Per path', align: 'right' },
      ],
      rows,
    ),
    '',
    'Latency comes from a user-space delay proxy in front of the test host\'s sshd; its round trip is measured against a local echo server. Throughput is shown only where the NARs cross the SSH link.',
  ]
}
