import { medianOfPresent } from '../../helpers/statistics/median.ts'
import { formatBytes, formatCount, formatDurationMs, formatPct } from '../format.ts'
import type { MeasuredBench, PerformanceResults } from '../results-schema.ts'
import { benchLabel, measured } from './outcomes.ts'
import { markdownTable } from './table.ts'

/** Where a build's time went: what was built or substituted, and how much it moved. Medians per sample. */
export function buildBreakdownSection(results: PerformanceResults): string[] {
  const benches = measured(results).filter((bench) => bench.samples.some((sample) => sample.counters?.derivationsBuilt !== undefined))
  if (benches.length === 0) return []
  const counter = (bench: MeasuredBench, key: string) => medianOfPresent(bench.samples.map((sample) => sample.counters?.[key]))
  const shown = (value: number | null, format: (value: number) => string) => (value === null ? '—' : format(value))
  const rows = benches.map((bench) => {
    const built = counter(bench, 'derivationsBuilt')
    const substituted = counter(bench, 'pathsSubstituted')
    const hitRate = built === null || substituted === null || built + substituted === 0 ? null : (substituted / (built + substituted)) * 100
    return [
      benchLabel(bench),
      shown(built, formatCount),
      shown(substituted, formatCount),
      shown(hitRate, formatPct),
      shown(counter(bench, 'narBytesSubstituted'), formatBytes),
      shown(counter(bench, 'buildingMs'), formatDurationMs),
      shown(counter(bench, 'substitutingMs'), formatDurationMs),
      `${shown(counter(bench, 'closurePaths'), formatCount)} paths, ${shown(counter(bench, 'closureBytes'), formatBytes)}`,
    ]
  })
  return [
    '## Build breakdown (from --log-format internal-json, median per sample)',
    '',
    ...markdownTable(
      [
        { header: 'Bench', align: 'left' },
        { header: 'Built', align: 'right' },
        { header: 'Substituted', align: 'right' },
        { header: 'Cache hit rate', align: 'right' },
        { header: 'Substituted (NAR)', align: 'right' },
        { header: 'Building', align: 'right' },
        { header: 'Substituting', align: 'right' },
        { header: 'Closure', align: 'right' },
      ],
      rows,
    ),
    '',
    'Building and substituting are wall time with at least one such activity running; the rest of a sample is evaluation, querying and start-up.',
  ]
}
