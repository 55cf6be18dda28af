import { formatDurationMs } from '../../helpers/model/format.ts'
import { COUNTER, RESOURCE_APPLY_PREFIX, type CounterKey } from '../../helpers/model/concerns.ts'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { counterMedian } from '../../helpers/statistics/median.ts'
import { benchLabel, measured } from './outcomes.ts'
import { markdownTable } from './table.ts'

/** Resources named per bench: where an apply spends its time. */
const SLOWEST_RESOURCES = 3

/** Per terraform bench: the change summary its samples reported and its slowest resources (median apply time). */
export function terraformSection(results: PerformanceResults): string[] {
  const benches = measured(results).filter((bench) => bench.samples.some((sample) => sample.counters?.[COUNTER.resourcesAdded] !== undefined))
  if (benches.length === 0) return []
  const rows = benches.map((bench) => {
    const median = (key: CounterKey) => counterMedian(bench.samples, key)
    const summary = [COUNTER.resourcesAdded, COUNTER.resourcesChanged, COUNTER.resourcesDestroyed].map((key) => String(median(key) ?? '—')).join(' / ')
    const resources = [...new Set(bench.samples.flatMap((sample) => Object.keys(sample.counters ?? {}).filter((key) => key.startsWith(RESOURCE_APPLY_PREFIX))))] as CounterKey[]
    const slowest = resources
      .map((key) => ({ address: key.slice(RESOURCE_APPLY_PREFIX.length), ms: median(key) ?? 0 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST_RESOURCES)
      .map((resource) => `${resource.address} ${formatDurationMs(resource.ms)}`)
      .join(', ')
    return [benchLabel(bench), summary, slowest || '—']
  })
  return [
    '## Terraform changes and slowest resources',
    '',
    ...markdownTable(
      [{ header: 'Bench', align: 'left' }, { header: 'Add / change / destroy', align: 'right' }, { header: 'Slowest resources (median apply time)', align: 'left' }],
      rows,
    ),
  ]
}
